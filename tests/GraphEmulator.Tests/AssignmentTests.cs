using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

public class AssignmentTests : EmulatorTestHost
{
    [Test]
    public async Task Replaces_assignments_and_returns_them_when_device_configuration_is_assigned()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"), [GroupTarget(Guid.NewGuid())])["id"]!.GetValue<string>();
        var group = Guid.NewGuid();
        var body = new JsonObject
        {
            ["assignments"] = new JsonArray(
                GroupTarget(group),
                new JsonObject { ["target"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.allDevicesAssignmentTarget" } }),
        };

        var response = await PostJson(client, $"deviceManagement/deviceConfigurations/{id}/assign", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var value = (await ReadObject(response))["value"]!.AsArray();
        Assert.That(value, Has.Count.EqualTo(2));
        Assert.That(value[0]!["id"]!.GetValue<string>(), Is.EqualTo($"{id}_{group}"));
        var listed = await ReadObject(await client.GetAsync($"deviceManagement/deviceConfigurations/{id}/assignments"));
        Assert.That(listed["value"]!.AsArray().Select(a => a!["target"]!["@odata.type"]!.GetValue<string>()),
            Is.EqualTo(new[] { "#microsoft.graph.groupAssignmentTarget", "#microsoft.graph.allDevicesAssignmentTarget" }));
    }

    [Test]
    public async Task Replaces_assignments_when_compliance_policy_is_assigned_with_the_documented_parameter()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance("C"))["id"]!.GetValue<string>();
        var target = GroupTarget(Guid.NewGuid(), "#microsoft.graph.exclusionGroupAssignmentTarget");

        var response = await PostJson(client, $"deviceManagement/deviceCompliancePolicies/{id}/assign",
            new JsonObject { ["assignments"] = new JsonArray(target) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(tenant.GetAssignments("deviceManagement/deviceCompliancePolicies", id)[0]!["target"]!["@odata.type"]!.GetValue<string>(),
            Is.EqualTo("#microsoft.graph.exclusionGroupAssignmentTarget"));
    }

    // Graph's deviceCompliancePolicy assign action documents one parameter, 'assignments'. OData rejects any
    // other parameter name in an action body with 400, and the policy keeps its assignments.
    [TestCase("deviceManagement/deviceCompliancePolicies", "deviceCompliancePolicyAssignments")]
    [TestCase("deviceManagement/configurationPolicies", "configurationPolicyAssignments")]
    [TestCase("deviceManagement/deviceConfigurations", "deviceConfigurationAssignments")]
    public async Task Returns_400_and_keeps_assignments_when_assign_body_uses_an_undocumented_parameter(string collection, string parameter)
    {
        var (client, tenant) = NewTenantClient();
        var payload = collection.EndsWith("deviceCompliancePolicies", StringComparison.Ordinal) ? Compliance("C")
            : collection.EndsWith("configurationPolicies", StringComparison.Ordinal) ? SettingsCatalog("S")
            : DeviceConfiguration("D");
        var kept = Guid.NewGuid();
        var id = tenant.Add(collection, payload, [GroupTarget(kept)])["id"]!.GetValue<string>();

        var response = await PostJson(client, $"{collection}/{id}/assign",
            new JsonObject { [parameter] = new JsonArray(GroupTarget(Guid.NewGuid())) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await ReadObject(response))["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("BadRequest"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain($"'{parameter}'").And.Contain("'assign'"));
        Assert.That(tenant.GetAssignments(collection, id).Select(a => a!["target"]!["groupId"]!.GetValue<string>()), Is.EqualTo(new[] { kept.ToString() }));
    }

    [Test]
    public async Task Returns_400_when_an_assignment_has_a_property_its_type_does_not_define()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance("C"))["id"]!.GetValue<string>();
        var assignment = GroupTarget(Guid.NewGuid());
        assignment["intent"] = "apply";

        var response = await PostJson(client, $"deviceManagement/deviceCompliancePolicies/{id}/assign",
            new JsonObject { ["assignments"] = new JsonArray(assignment) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(response))["error"]!["message"]!.GetValue<string>(),
            Does.Contain("'intent'").And.Contain("microsoft.graph.deviceCompliancePolicyAssignment"));
    }

    [Test]
    public async Task Answers_success_and_keeps_no_assignment_when_the_tenant_drops_assign_targets()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.AssignDropsTargets = true;
        var id = tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance("C"))["id"]!.GetValue<string>();

        var response = await PostJson(client, $"deviceManagement/deviceCompliancePolicies/{id}/assign",
            new JsonObject { ["assignments"] = new JsonArray(GroupTarget(Guid.NewGuid())) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(tenant.GetAssignments("deviceManagement/deviceCompliancePolicies", id), Is.Empty);
    }

    // Graph's schema: assignments and the assign action live on the concrete managedAppPolicy subtypes
    // (targetedManagedAppProtection, windowsInformationProtection, targetedManagedAppConfiguration...).
    [TestCase("deviceAppManagement/iosManagedAppProtections", "#microsoft.graph.iosManagedAppProtection")]
    [TestCase("deviceAppManagement/androidManagedAppProtections", "#microsoft.graph.androidManagedAppProtection")]
    [TestCase("deviceAppManagement/windowsInformationProtectionPolicies", "#microsoft.graph.windowsInformationProtectionPolicy")]
    [TestCase("deviceAppManagement/mdmWindowsInformationProtectionPolicies", "#microsoft.graph.mdmWindowsInformationProtectionPolicy")]
    [TestCase("deviceAppManagement/windowsManagedAppProtections", "#microsoft.graph.windowsManagedAppProtection")]
    [TestCase("deviceAppManagement/targetedManagedAppConfigurations", "#microsoft.graph.targetedManagedAppConfiguration")]
    public async Task Answers_204_and_marks_assigned_when_an_app_policy_is_assigned_through_its_concrete_collection(string collection, string odataType)
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add(collection, new JsonObject { ["@odata.type"] = odataType, ["displayName"] = "M" })["id"]!.GetValue<string>();

        var response = await PostJson(client, $"{collection}/{id}/assign",
            new JsonObject { ["assignments"] = new JsonArray(GroupTarget(Guid.NewGuid())) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var read = await ReadObject(await client.GetAsync($"{collection}/{id}?$expand=assignments"));
        Assert.That(read["assignments"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(read["@odata.type"]!.GetValue<string>(), Is.EqualTo(odataType));
        Assert.That(tenant.Find(collection, id)!["isAssigned"]!.GetValue<bool>(), Is.True);
    }

    [TestCase("GET", "{0}?$expand=assignments")]
    [TestCase("GET", "{0}/assignments")]
    [TestCase("POST", "{0}/assign")]
    public async Task Returns_400_when_assignments_are_used_on_the_base_managedAppPolicies_collection(string method, string route)
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceAppManagement/iosManagedAppProtections", AppProtection("M"))["id"]!.GetValue<string>();
        var url = "deviceAppManagement/managedAppPolicies/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, route, id);

        var response = method == "GET"
            ? await client.GetAsync(url)
            : await PostJson(client, url, new JsonObject { ["assignments"] = new JsonArray(GroupTarget(Guid.NewGuid())) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tenant.GetAssignments("deviceAppManagement/iosManagedAppProtections", id), Is.Empty);
        Assert.That((await ReadObject(await client.GetAsync($"deviceAppManagement/managedAppPolicies/{id}")))["@odata.type"]!.GetValue<string>(),
            Is.EqualTo("#microsoft.graph.iosManagedAppProtection"), "the base collection still reads the entity");
    }

    [Test]
    public async Task Clears_assignments_when_assign_gets_empty_array()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("S"), [GroupTarget(Guid.NewGuid())])["id"]!.GetValue<string>();

        var response = await PostJson(client, $"deviceManagement/configurationPolicies/{id}/assign", new JsonObject { ["assignments"] = new JsonArray() });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(tenant.GetAssignments("deviceManagement/configurationPolicies", id), Is.Empty);
    }

    [Test]
    public async Task Keeps_filter_properties_when_assignment_target_has_a_filter()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();
        var filterId = Guid.NewGuid().ToString();
        var assignment = GroupTarget(Guid.NewGuid());
        assignment["target"]!["deviceAndAppManagementAssignmentFilterId"] = filterId;
        assignment["target"]!["deviceAndAppManagementAssignmentFilterType"] = "include";

        await PostJson(client, $"deviceManagement/deviceConfigurations/{id}/assign", new JsonObject { ["assignments"] = new JsonArray(assignment) });
        var read = await ReadObject(await client.GetAsync($"deviceManagement/deviceConfigurations/{id}?$expand=assignments"));

        var target = read["assignments"]![0]!["target"]!;
        Assert.That((target["deviceAndAppManagementAssignmentFilterId"]!.GetValue<string>(), target["deviceAndAppManagementAssignmentFilterType"]!.GetValue<string>()),
            Is.EqualTo((filterId, "include")));
    }

    [Test]
    public async Task Returns_400_when_assign_body_has_no_assignments_array()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();

        var response = await PostJson(client, $"deviceManagement/deviceConfigurations/{id}/assign", new JsonObject());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
