using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>Issue 15: the emulator serves the added collections on Graph's routes and rejects what Graph rejects.</summary>
public class ObjectTypeRouteTests : EmulatorTestHost
{
    private const string Templates = "deviceManagement/notificationMessageTemplates";
    private const string Enrollment = "deviceManagement/deviceEnrollmentConfigurations";

    [Test]
    public async Task Child_collection_items_are_created_expanded_patched_and_deleted_on_their_own_route()
    {
        var (client, _) = NewTenantClient();
        var template = await ReadObject(await PostJson(client, Templates, new JsonObject { ["displayName"] = "Warn", ["brandingOptions"] = "none" }));
        var id = template["id"]!.GetValue<string>();

        var created = await PostJson(client, $"{Templates}/{id}/localizedNotificationMessages",
            new JsonObject { ["locale"] = "en-US", ["subject"] = "s", ["messageTemplate"] = "m", ["isDefault"] = true });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var childId = (await ReadObject(created))["id"]!.GetValue<string>();
        Assert.That((await SendJson(client, HttpMethod.Patch, $"{Templates}/{id}/localizedNotificationMessages/{childId}", new JsonObject { ["subject"] = "t" })).StatusCode,
            Is.EqualTo(HttpStatusCode.NoContent));

        var expanded = await ReadObject(await client.GetAsync($"{Templates}/{id}?$expand=localizedNotificationMessages"));
        Assert.That(expanded["localizedNotificationMessages"]!.AsArray().Single()!["subject"]!.GetValue<string>(), Is.EqualTo("t"));

        Assert.That((await client.DeleteAsync($"{Templates}/{id}/localizedNotificationMessages/{childId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var list = await ReadObject(await client.GetAsync($"{Templates}/{id}/localizedNotificationMessages"));
        Assert.That(list["value"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task A_child_collection_in_a_create_body_and_assignments_on_a_type_without_them_are_answered_400()
    {
        var (client, _) = NewTenantClient();
        var deep = await PostJson(client, Templates, new JsonObject
        {
            ["displayName"] = "Deep", ["localizedNotificationMessages"] = new JsonArray(new JsonObject { ["locale"] = "en-US" }),
        });
        Assert.That(deep.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var filter = await ReadObject(await PostJson(client, "deviceManagement/assignmentFilters",
            new JsonObject { ["displayName"] = "f", ["platform"] = "windows10AndLater", ["rule"] = "(device.model -eq \"x\")" }));
        Assert.That((await client.GetAsync($"deviceManagement/assignmentFilters/{filter["id"]}?$expand=assignments")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(filter["roleScopeTags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "0" }), "filters carry roleScopeTags, not roleScopeTagIds");
        Assert.That(filter.ContainsKey("roleScopeTagIds"), Is.False);
    }

    [Test]
    public async Task A_read_only_property_on_create_is_answered_400()
    {
        var (client, _) = NewTenantClient();
        var response = await PostJson(client, "deviceManagement/roleScopeTags", new JsonObject { ["displayName"] = "Paris", ["isBuiltIn"] = false });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, "deviceManagement/roleScopeTags", new JsonObject { ["displayName"] = "Paris" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Enrollment_priority_is_assigned_on_create_ignored_in_patch_and_changed_only_by_set_priority()
    {
        var (client, _) = NewTenantClient();
        JsonObject Limit(string name) => new()
        {
            ["@odata.type"] = "#microsoft.graph.deviceEnrollmentLimitConfiguration", ["displayName"] = name, ["limit"] = 5, ["priority"] = 9,
        };
        var first = await ReadObject(await PostJson(client, Enrollment, Limit("a")));
        var second = await ReadObject(await PostJson(client, Enrollment, Limit("b")));
        Assert.That(first["priority"]!.GetValue<int>(), Is.EqualTo(1), "the body's priority is ignored");
        Assert.That(second["priority"]!.GetValue<int>(), Is.EqualTo(2));
        var id = second["id"]!.GetValue<string>();

        await SendJson(client, HttpMethod.Patch, $"{Enrollment}/{id}", new JsonObject { ["priority"] = 7, ["limit"] = 6 });
        var patched = await ReadObject(await client.GetAsync($"{Enrollment}/{id}"));
        Assert.That(patched["priority"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(patched["limit"]!.GetValue<int>(), Is.EqualTo(6));

        Assert.That((await PostJson(client, $"{Enrollment}/{id}/setPriority", new JsonObject { ["priority"] = 7 })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ReadObject(await client.GetAsync($"{Enrollment}/{id}")))["priority"]!.GetValue<int>(), Is.EqualTo(7));
        Assert.That((await PostJson(client, $"{Enrollment}/{id}/setPriority", new JsonObject { ["order"] = 3 })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Scripts_take_their_own_assign_parameter_and_reject_the_generic_one()
    {
        var (client, _) = NewTenantClient();
        var script = await ReadObject(await PostJson(client, "deviceManagement/deviceHealthScripts", new JsonObject
        {
            ["displayName"] = "Remediate", ["detectionScriptContent"] = "ZGV0ZWN0", ["remediationScriptContent"] = "Zml4",
        }));
        var url = $"deviceManagement/deviceHealthScripts/{script["id"]}/assign";
        var target = GroupTarget(Guid.NewGuid())["target"]!;
        Assert.That((await PostJson(client, url, new JsonObject { ["assignments"] = new JsonArray(new JsonObject { ["target"] = target.DeepClone() }) })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
        var ok = await PostJson(client, url, new JsonObject
        {
            ["deviceHealthScriptAssignments"] = new JsonArray(new JsonObject { ["target"] = target.DeepClone(), ["runRemediationScript"] = true }),
        });
        Assert.That(ok.IsSuccessStatusCode, Is.True);
        var read = await ReadObject(await client.GetAsync($"deviceManagement/deviceHealthScripts/{script["id"]}?$expand=assignments"));
        Assert.That(read["assignments"]!.AsArray().Single()!["runRemediationScript"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Autopilot_assignments_are_posted_and_deleted_one_by_one_and_assign_is_answered_400()
    {
        var (client, _) = NewTenantClient();
        const string profiles = "deviceManagement/windowsAutopilotDeploymentProfiles";
        var profile = await ReadObject(await PostJson(client, profiles, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.azureADWindowsAutopilotDeploymentProfile", ["displayName"] = "AP",
        }));
        var id = profile["id"]!.GetValue<string>();
        var target = GroupTarget(Guid.NewGuid())["target"]!;
        Assert.That((await PostJson(client, $"{profiles}/{id}/assign", new JsonObject { ["assignments"] = new JsonArray() })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));

        var posted = await PostJson(client, $"{profiles}/{id}/assignments", new JsonObject { ["target"] = target.DeepClone() });
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var assignmentId = (await ReadObject(posted))["id"]!.GetValue<string>();
        var read = await ReadObject(await client.GetAsync($"{profiles}/{id}?$expand=assignments"));
        Assert.That(read["assignments"]!.AsArray().Single()!["target"]!["groupId"]!.GetValue<string>(), Is.EqualTo(target["groupId"]!.GetValue<string>()));

        Assert.That((await client.DeleteAsync($"{profiles}/{id}/assignments/{assignmentId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ReadObject(await client.GetAsync($"{profiles}/{id}/assignments")))["value"]!.AsArray(), Is.Empty);
    }
}
