using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 14 item 4: when an item's Graph id is gone, the display-name lookup checks names (and types) itself; a
/// Graph that ignores $filter never makes a preview or a restore target a differently named policy.
/// </summary>
public sealed class RestoreNameMatchingTests : EmulatorBackedTests
{
    [TestCase(true, TestName = "Preview_matches_by_name_client_side_when_graph_ignores_the_filter")]
    [TestCase(false, TestName = "Restore_matches_by_name_client_side_when_graph_ignores_the_filter")]
    public async Task Matches_by_name_client_side_when_graph_ignores_the_filter(bool dryRun)
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var alone = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Alone")));
        var twin = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Twin")));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        var items = (await RestoreScenario.ItemsAsync(Factory, set.Id)).ToDictionary(i => i.DisplayName, i => i.Id.ToString("D"));
        graph.Remove(RestoreScenario.DeviceConfigurations, alone);
        graph.Remove(RestoreScenario.DeviceConfigurations, twin);
        var other = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Someone else", minimumLength: 4)));
        var twinAgain = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Twin", minimumLength: 8)));
        graph.Faults.IgnoreFilter = true;

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun, includeAssignments: false);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        var results = await RestoreScenario.RunItemsAsync(Factory, run.Id);

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded),
            string.Join("; ", results.Values.Select(i => $"{i.DisplayName}: {i.Action} {i.ErrorCode}")));
        Assert.That(results[items["Alone"]].Action, Is.EqualTo(dryRun ? "would_create" : "created"));
        Assert.That(results[items["Alone"]].GraphId, Is.Not.EqualTo(other));
        Assert.That(results[items["Twin"]], Has.Property("Action").EqualTo(dryRun ? "would_update" : "updated").And.Property("GraphId").EqualTo(twinAgain));
        var someoneElse = graph.Find(RestoreScenario.DeviceConfigurations, other)!;
        Assert.That((someoneElse["displayName"]!.GetValue<string>(), someoneElse["passwordMinimumLength"]!.GetValue<int>()), Is.EqualTo(("Someone else", 4)),
            "a differently named policy is never written");
        Assert.That(RestoreScenario.RequestsOf(Factory, tenant).Where(r => r.Method != "GET" && r.Path.Contains(other, StringComparison.Ordinal)), Is.Empty);
        if (!dryRun)
        {
            Assert.That(graph.Find(RestoreScenario.DeviceConfigurations, twinAgain)!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(12));
        }
    }
}
