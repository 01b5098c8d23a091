using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

public class PolicyWriteTests : EmulatorTestHost
{
    [Test]
    public async Task Creates_with_server_owned_properties_and_ignores_client_ones_when_posted()
    {
        var (client, tenant) = NewTenantClient();
        var payload = DeviceConfiguration("New");
        payload["id"] = "client-chosen";
        payload["createdDateTime"] = "2001-01-01T00:00:00Z";
        payload["version"] = 42;

        var response = await PostJson(client, "deviceManagement/deviceConfigurations", payload);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadObject(response);
        var id = body["id"]!.GetValue<string>();
        Assert.That(Guid.TryParse(id, out _), Is.True, id);
        Assert.That(body["createdDateTime"]!.GetValue<string>(), Does.Not.StartWith("2001"));
        Assert.That(body["lastModifiedDateTime"], Is.Not.Null);
        Assert.That(body["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(body["roleScopeTagIds"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "0" }));
        Assert.That(tenant.Find("deviceManagement/deviceConfigurations", id)!["displayName"]!.GetValue<string>(), Is.EqualTo("New"));
    }

    [Test]
    public async Task Round_trips_nested_properties_when_created()
    {
        var (client, _) = NewTenantClient();
        var payload = DeviceConfiguration("Custom");
        payload["roleScopeTagIds"] = new JsonArray("0", "7");

        var created = await ReadObject(await PostJson(client, "deviceManagement/deviceConfigurations", payload));
        var read = await ReadObject(await client.GetAsync($"deviceManagement/deviceConfigurations/{created["id"]}"));

        Assert.That(JsonNode.DeepEquals(read["roleScopeTagIds"], payload["roleScopeTagIds"]), Is.True, read.ToJsonString());
    }

    [Test]
    public async Task Refuses_a_property_the_type_does_not_define_on_create_patch_and_put_and_stores_nothing()
    {
        var (client, tenant) = NewTenantClient();
        var payload = DeviceConfiguration("Custom");
        payload["someFutureProperty"] = new JsonObject { ["list"] = new JsonArray(1, "two", null) };

        var response = await PostJson(client, "deviceManagement/deviceConfigurations", payload);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(response))["error"]!["message"]!.GetValue<string>(),
            Does.StartWith("The property 'someFutureProperty' does not exist on type 'microsoft.graph.windows10GeneralConfiguration'."));
        Assert.That(tenant.List("deviceManagement/deviceConfigurations").Where(p => p["displayName"]?.GetValue<string>() == "Custom"), Is.Empty);

        var created = await ReadObject(await PostJson(client, "deviceManagement/deviceConfigurations", DeviceConfiguration("Known")));
        var patch = await SendJson(client, HttpMethod.Patch, $"deviceManagement/deviceConfigurations/{created["id"]}",
            new JsonObject { ["displayName"] = "Renamed", ["madeUp"] = 1 });
        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tenant.Find("deviceManagement/deviceConfigurations", created["id"]!.GetValue<string>())!["displayName"]!.GetValue<string>(), Is.EqualTo("Known"));

        var settingsCatalog = SettingsCatalog("Catalog");
        settingsCatalog["madeUp"] = true;
        Assert.That((await PostJson(client, "deviceManagement/configurationPolicies", settingsCatalog)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        settingsCatalog.Remove("madeUp");
        Assert.That((await PostJson(client, "deviceManagement/configurationPolicies", settingsCatalog)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Returns_400_when_odata_type_is_missing_for_device_configuration()
    {
        var (client, _) = NewTenantClient();

        var response = await PostJson(client, "deviceManagement/deviceConfigurations", new JsonObject { ["displayName"] = "x" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(response))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("BadRequest"));
    }

    [Test]
    public async Task Returns_400_when_compliance_policy_has_no_block_action()
    {
        var (client, _) = NewTenantClient();
        var payload = Compliance("No actions");
        payload.Remove("scheduledActionsForRule");

        var response = await PostJson(client, "deviceManagement/deviceCompliancePolicies", payload);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Stores_inline_settings_as_navigation_when_settings_catalog_is_posted()
    {
        var (client, tenant) = NewTenantClient();

        var body = await ReadObject(await PostJson(client, "deviceManagement/configurationPolicies", SettingsCatalog("Inline", 4)));

        var id = body["id"]!.GetValue<string>();
        Assert.That(body.ContainsKey("settings"), Is.False);
        Assert.That(body["settingCount"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(tenant.GetSettings("deviceManagement/configurationPolicies", id), Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Merges_and_bumps_version_when_patched()
    {
        var (client, tenant) = NewTenantClient();
        var created = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Before"));
        var id = created["id"]!.GetValue<string>();

        var response = await SendJson(client, HttpMethod.Patch, $"deviceManagement/deviceConfigurations/{id}",
            new JsonObject { ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration", ["displayName"] = "After", ["id"] = "ignored" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var stored = tenant.Find("deviceManagement/deviceConfigurations", id)!;
        Assert.That(stored["displayName"]!.GetValue<string>(), Is.EqualTo("After"));
        Assert.That(stored["passwordRequired"]!.GetValue<bool>(), Is.True);
        Assert.That(stored["version"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(stored["id"]!.GetValue<string>(), Is.EqualTo(id));
    }

    [Test]
    public async Task Replaces_body_and_settings_when_settings_catalog_is_put()
    {
        var (client, tenant) = NewTenantClient();
        var created = tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("Old", 3));
        var id = created["id"]!.GetValue<string>();
        var replacement = SettingsCatalog("New", 1);
        replacement["description"] = "replaced";

        var response = await SendJson(client, HttpMethod.Put, $"deviceManagement/configurationPolicies/{id}", replacement);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var stored = tenant.Find("deviceManagement/configurationPolicies", id)!;
        Assert.That(stored["name"]!.GetValue<string>(), Is.EqualTo("New"));
        Assert.That(stored["settingCount"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(stored["createdDateTime"]!.GetValue<string>(), Is.EqualTo(created["createdDateTime"]!.GetValue<string>()));
        Assert.That(tenant.GetSettings("deviceManagement/configurationPolicies", id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Returns_405_when_device_configuration_is_put()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();

        var response = await SendJson(client, HttpMethod.Put, $"deviceManagement/deviceConfigurations/{id}", DeviceConfiguration("D2"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Deletes_then_answers_404_when_deleted_twice()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceAppManagement/managedAppPolicies", AppProtection("M"))["id"]!.GetValue<string>();

        var first = await client.DeleteAsync($"deviceAppManagement/managedAppPolicies/{id}");
        var second = await client.DeleteAsync($"deviceAppManagement/managedAppPolicies/{id}");

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NotFound)));
        Assert.That(tenant.List("deviceAppManagement/managedAppPolicies"), Is.Empty);
    }

    [Test]
    public async Task Returns_404_when_patching_unknown_id()
    {
        var (client, _) = NewTenantClient();

        var response = await SendJson(client, HttpMethod.Patch, $"deviceManagement/deviceCompliancePolicies/{Guid.NewGuid()}", new JsonObject { ["displayName"] = "x" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
