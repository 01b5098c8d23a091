using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Spec T018: a live restore run in the background persists one outcome per backup item (created,
/// updated, unchanged, skipped for a masked secret, failed with a safe error) and ends by the final-status rule.
/// </summary>
public sealed class ExecuteRestoreRunJobTests : EmulatorBackedTests
{
    [Test]
    public async Task Restore_persists_created_updated_unchanged_skipped_and_failed_items()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var group = Guid.NewGuid();
        var unchanged = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Unchanged"), RestoreScenario.GroupAssignment(group)));
        var drifted = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Drifted"), RestoreScenario.GroupAssignment(group)));
        var deleted = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Deleted"), RestoreScenario.GroupAssignment(group)));
        var masked = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations,
            RestoreScenario.DeviceConfiguration("With secret", extra: new JsonObject { ["wiFiPreSharedKey"] = "********" })));
        var broken = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Broken")));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        var items = (await RestoreScenario.ItemsAsync(Factory, set.Id)).ToDictionary(i => i.GraphId, i => i.Id.ToString("D"));

        graph.Update(RestoreScenario.DeviceConfigurations, drifted, o => o["passwordMinimumLength"] = 4);
        graph.SetAssignments(RestoreScenario.DeviceConfigurations, drifted, []);
        graph.Remove(RestoreScenario.DeviceConfigurations, deleted);
        graph.Update(RestoreScenario.DeviceConfigurations, broken, o => o["passwordMinimumLength"] = 6);
        graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Scripted: no write permission") { Method = "PATCH", ObjectId = broken });

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        var results = await RestoreScenario.RunItemsAsync(Factory, run.Id);

        Assert.That(results, Has.Count.EqualTo(5));
        Assert.That(results[items[unchanged]], Has.Property("Status").EqualTo(RunItemStatus.Succeeded).And.Property("Action").EqualTo("unchanged"));
        Assert.That(results[items[drifted]], Has.Property("Status").EqualTo(RunItemStatus.Succeeded).And.Property("Action").EqualTo("updated")
            .And.Property("GraphId").EqualTo(drifted));
        Assert.That(results[items[deleted]], Has.Property("Status").EqualTo(RunItemStatus.Succeeded).And.Property("Action").EqualTo("created"));
        Assert.That(results[items[deleted]].GraphId, Is.Not.Null.And.Not.EqualTo(deleted));
        Assert.That(results[items[masked]], Has.Property("Status").EqualTo(RunItemStatus.Skipped).And.Property("SkipReason").EqualTo("secret_masked"));
        Assert.That(results[items[broken]], Has.Property("Status").EqualTo(RunItemStatus.Failed).And.Property("ErrorCode").EqualTo(GraphErrorCodes.Forbidden)
            .And.Property("ErrorHttpStatus").EqualTo(403));

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Partial));
        Assert.That((finished.Total, finished.Succeeded, finished.Failed, finished.Skipped, finished.Processed), Is.EqualTo((5, 3, 1, 1, 5)));
        Assert.That(finished.StartedAt, Is.Not.Null);
        Assert.That(finished.FinishedAt, Is.Not.Null);

        // The tenant matches the backup again where the restore wrote.
        Assert.That(graph.Find(RestoreScenario.DeviceConfigurations, drifted)!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(12));
        Assert.That(graph.GetAssignments(RestoreScenario.DeviceConfigurations, drifted), Has.Count.EqualTo(1));
        var recreated = graph.Find(RestoreScenario.DeviceConfigurations, results[items[deleted]].GraphId!)!;
        Assert.That(recreated["displayName"]!.GetValue<string>(), Is.EqualTo("Deleted"));
        Assert.That(graph.GetAssignments(RestoreScenario.DeviceConfigurations, results[items[deleted]].GraphId!)[0]!["target"]!["groupId"]!.GetValue<string>(),
            Is.EqualTo(group.ToString()));
        Assert.That(graph.Find(RestoreScenario.DeviceConfigurations, masked)!["wiFiPreSharedKey"]!.GetValue<string>(), Is.EqualTo("********"),
            "a masked secret is never written");
    }

    [Test]
    public async Task Counts_of_the_run_list_and_detail_are_derived_from_the_items()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("One"));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Two"));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        var client = Factory.CreateClientFor("olivia");

        var run = await RestoreScenario.StartAsync(client, tenant.Id, set.Id, dryRun: false);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);

        var detail = await RestoreScenario.GetAsync(client, tenant.Id, run.Id);
        Assert.That(detail.Run.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That((detail.Run.Total, detail.Run.Succeeded, detail.Run.Processed), Is.EqualTo((2, 2, 2)));
        Assert.That(detail.Items.Items.Select(i => i.Action), Is.All.EqualTo("unchanged"));
        var list = await (await client.GetAsync($"/api/v1/tenants/{tenant.Id}/restore-runs?dryRun=false"))
            .ReadAsync<TenantAtlas.Application.Common.PagedResult<TenantAtlas.Application.Runs.RunDto>>(System.Net.HttpStatusCode.OK);
        Assert.That(list.Items.Single().Succeeded, Is.EqualTo(2));
    }

    [Test]
    public async Task Two_deleted_policies_with_the_same_name_are_both_recreated_not_merged()
    {
        // One item at a time: the second item's name lookup then sees the object the first one created.
        using var serial = new ApiFactory(hostConsumers: true, Emulator).With("Runs:ItemParallelism", "1");
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(serial, ("olivia", TenantRole.Owner));
        var first = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Kiosk lockdown", minimumLength: 8)));
        var second = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Kiosk lockdown", minimumLength: 14)));
        var set = await RestoreScenario.CaptureAsync(serial, tenant);
        graph.Remove(RestoreScenario.DeviceConfigurations, first);
        graph.Remove(RestoreScenario.DeviceConfigurations, second);

        var run = await RestoreScenario.StartAsync(serial.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun: false, includeAssignments: false);
        var finished = await RestoreScenario.WaitForTerminalAsync(serial, run.Id);

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        var results = await RestoreScenario.RunItemsAsync(serial, run.Id);
        Assert.That(results.Values.Select(r => r.Action), Is.All.EqualTo("created"));
        Assert.That(results.Values.Select(r => r.GraphId).Distinct().Count(), Is.EqualTo(2), "each backup item has its own object");
        var restored = graph.List(RestoreScenario.DeviceConfigurations)
            .Where(o => o["displayName"]!.GetValue<string>() == "Kiosk lockdown")
            .Select(o => o["passwordMinimumLength"]!.GetValue<int>()).Order().ToList();
        Assert.That(restored, Is.EqualTo(new[] { 8, 14 }), "both payloads survive; neither overwrote the other");
    }
}
