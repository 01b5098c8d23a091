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
    public async Task Accepts_deviceCompliancePolicyAssignments_when_compliance_policy_is_assigned()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance("C"))["id"]!.GetValue<string>();
        var target = GroupTarget(Guid.NewGuid(), "#microsoft.graph.exclusionGroupAssignmentTarget");

        var response = await PostJson(client, $"deviceManagement/deviceCompliancePolicies/{id}/assign",
            new JsonObject { ["deviceCompliancePolicyAssignments"] = new JsonArray(target) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(tenant.GetAssignments("deviceManagement/deviceCompliancePolicies", id)[0]!["target"]!["@odata.type"]!.GetValue<string>(),
            Is.EqualTo("#microsoft.graph.exclusionGroupAssignmentTarget"));
    }

    [Test]
    public async Task Answers_204_and_marks_assigned_when_app_protection_is_assigned()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceAppManagement/managedAppPolicies", AppProtection("M"))["id"]!.GetValue<string>();

        var response = await PostJson(client, $"deviceAppManagement/managedAppPolicies/{id}/assign",
            new JsonObject { ["assignments"] = new JsonArray(GroupTarget(Guid.NewGuid())) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(tenant.GetAssignments("deviceAppManagement/managedAppPolicies", id), Has.Count.EqualTo(1));
        Assert.That(tenant.Find("deviceAppManagement/managedAppPolicies", id)!["isAssigned"]!.GetValue<bool>(), Is.True);
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
