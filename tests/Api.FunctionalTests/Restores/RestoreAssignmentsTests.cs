using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 14 item 1: assignments are restored through each type's documented assign parameter, and read back
/// after the assign; an object whose assignments differ from the backup's fails with restore.assignments_mismatch.
/// </summary>
public sealed class RestoreAssignmentsTests : EmulatorBackedTests
{
    private const string CompliancePolicies = "deviceManagement/deviceCompliancePolicies";

    [Test]
    public async Task Compliance_assignments_are_restored_when_a_deleted_compliance_policy_is_recreated()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var include = Guid.NewGuid();
        var exclude = Guid.NewGuid();
        var assignments = RestoreScenario.GroupAssignment(include);
        assignments.Add(new JsonObject
        {
            ["target"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.exclusionGroupAssignmentTarget", ["groupId"] = exclude.ToString() },
        });
        var id = RestoreScenario.IdOf(graph.Add(CompliancePolicies, Compliance("Windows compliance"), assignments));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        graph.Remove(CompliancePolicies, id);

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        var item = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.Single();

        Assert.That(item, Has.Property("Status").EqualTo(RunItemStatus.Succeeded).And.Property("Action").EqualTo("created"),
            $"{item.ErrorCode} {item.ErrorMessage}");
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        var restored = graph.GetAssignments(CompliancePolicies, item.GraphId!);
        Assert.That(restored.Select(a => (a!["target"]!["@odata.type"]!.GetValue<string>(), a["target"]!["groupId"]!.GetValue<string>())),
            Is.EquivalentTo(new[]
            {
                ("#microsoft.graph.groupAssignmentTarget", include.ToString()),
                ("#microsoft.graph.exclusionGroupAssignmentTarget", exclude.ToString()),
            }));
    }

    [Test]
    public async Task Item_fails_with_assignments_mismatch_when_graph_keeps_other_assignments_than_were_assigned()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var id = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Assigned"),
            RestoreScenario.GroupAssignment(Guid.NewGuid())));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        graph.Remove(RestoreScenario.DeviceConfigurations, id);
        graph.Faults.AssignDropsTargets = true;

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        var item = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.Single();

        Assert.That(item, Has.Property("Status").EqualTo(RunItemStatus.Failed).And.Property("ErrorCode").EqualTo("restore.assignments_mismatch"));
        Assert.That(item.ErrorMessage, Does.Contain("1 assignment"));
        Assert.That(item.GraphId, Is.Not.Null.And.Not.EqualTo(id), "the object was created; the item names it");
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Failed));
    }

    private static JsonObject Compliance(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.windows10CompliancePolicy",
        ["displayName"] = name,
        ["bitLockerEnabled"] = true,
        ["scheduledActionsForRule"] = new JsonArray(new JsonObject
        {
            ["ruleName"] = "PasswordRequired",
            ["scheduledActionConfigurations"] = new JsonArray(new JsonObject
            {
                ["actionType"] = "block",
                ["gracePeriodHours"] = 12,
                ["notificationTemplateId"] = "",
            }),
        }),
    };
}
