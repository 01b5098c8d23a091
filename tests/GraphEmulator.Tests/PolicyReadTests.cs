using System.Net;

namespace TenantAtlas.GraphEmulator.Tests;

public class PolicyReadTests : EmulatorTestHost
{
    [Test]
    public async Task Returns_entity_with_context_and_type_but_no_navigation_when_not_expanded()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance("C"), [GroupTarget(Guid.NewGuid())])["id"]!.GetValue<string>();

        var body = await ReadObject(await client.GetAsync($"deviceManagement/deviceCompliancePolicies/{id}"));

        Assert.That(body["@odata.context"]!.GetValue<string>(), Does.EndWith("$metadata#deviceManagement/deviceCompliancePolicies/$entity"));
        Assert.That(body["@odata.type"]!.GetValue<string>(), Is.EqualTo("#microsoft.graph.windows10CompliancePolicy"));
        Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(body.ContainsKey("scheduledActionsForRule") || body.ContainsKey("assignments"), Is.False);
    }

    [Test]
    public async Task Expands_settings_and_assignments_when_both_are_requested()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("Catalog", 3), [GroupTarget(Guid.NewGuid())])["id"]!.GetValue<string>();

        var body = await ReadObject(await client.GetAsync($"deviceManagement/configurationPolicies/{id}?$expand=settings,assignments"));

        var settings = body["settings"]!.AsArray();
        Assert.That(settings.Select(s => s!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(settings[1]!["settingInstance"]!["settingDefinitionId"]!.GetValue<string>(), Is.EqualTo("device_vendor_msft_policy_config_test_1"));
        Assert.That(body["assignments"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(body["settingCount"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public async Task Expands_scheduled_action_configurations_only_when_nested_expand_is_given()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance("C"))["id"]!.GetValue<string>();

        var shallow = await ReadObject(await client.GetAsync($"deviceManagement/deviceCompliancePolicies/{id}?$expand=scheduledActionsForRule"));
        var deep = await ReadObject(await client.GetAsync($"deviceManagement/deviceCompliancePolicies/{id}?$expand=scheduledActionsForRule($expand=scheduledActionConfigurations)"));

        Assert.That(shallow["scheduledActionsForRule"]![0]!.AsObject().ContainsKey("scheduledActionConfigurations"), Is.False);
        var config = deep["scheduledActionsForRule"]![0]!["scheduledActionConfigurations"]![0]!;
        Assert.That(config["actionType"]!.GetValue<string>(), Is.EqualTo("block"));
        Assert.That(config["gracePeriodHours"]!.GetValue<int>(), Is.EqualTo(12));
        Assert.That(config["id"], Is.Not.Null);
    }

    [Test]
    public async Task Returns_404_envelope_when_id_is_unknown()
    {
        var (client, _) = NewTenantClient();

        var response = await client.GetAsync($"deviceManagement/deviceConfigurations/{Guid.NewGuid()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var error = (await ReadObject(response))["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("ResourceNotFound"));
        Assert.That(error["innerError"]!["request-id"]!.GetValue<string>(), Is.EqualTo(response.Headers.GetValues("request-id").Single()));
    }

    [Test]
    public async Task Returns_400_when_expand_names_unknown_navigation()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();

        var response = await client.GetAsync($"deviceManagement/deviceConfigurations/{id}?$expand=settings");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Returns_only_selected_properties_plus_id_and_type_when_select_is_given()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();

        var body = await ReadObject(await client.GetAsync($"deviceManagement/deviceConfigurations/{id}?$select=displayName"));

        Assert.That(body.Select(p => p.Key), Is.EquivalentTo(new[] { "@odata.context", "@odata.type", "id", "displayName" }));
    }
}
