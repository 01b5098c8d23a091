using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 7 item 8: a restore needing more writes than the per-tenant budget (100 writes / 20 s) paces
/// itself on the client side and provokes no 429 from an emulator that enforces exactly that budget.
/// </summary>
public sealed class RestoreWriteBudgetTests : EmulatorBackedTests
{
    protected override ApiFactory CreateFactory() => base.CreateFactory().With("Graph:RateLimit:WritesPer20Seconds", "100");

    [Test]
    public async Task Restore_beyond_the_write_budget_provokes_no_throttling()
    {
        const int policies = 60; // create + assign each: 120 writes, more than one window's budget
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var ids = Enumerable.Range(0, policies)
            .Select(i => RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration($"Budget {i:D3}"),
                RestoreScenario.GroupAssignment(Guid.NewGuid()))))
            .ToList();
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        ids.ForEach(id => graph.Remove(RestoreScenario.DeviceConfigurations, id));
        graph.Faults.WriteBudgetPer20s = 100;
        Emulator.State.ClearRequestLog();

        var run = await RestoreScenario.StartAsync(ClientFor("olivia"), tenant.Id, set.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(90));

        var requests = RestoreScenario.RequestsOf(Factory, tenant);
        var writes = requests.Where(r => r.Method is "POST" or "PATCH" or "PUT" && !r.Path.EndsWith("$batch", StringComparison.Ordinal)).ToList();
        Assert.That(writes.Count, Is.EqualTo(policies * 2),
            string.Join("\n", writes.GroupBy(r => (r.Method, Path: System.Text.RegularExpressions.Regex.Replace(r.Path, "[0-9a-f-]{36}", "{id}"), r.Status))
                .Select(g => $"{g.Key.Method} {g.Key.Path} {g.Key.Status}: {g.Count()}")));
        Assert.That(requests.Where(r => r.Status == 429), Is.Empty, "no request was throttled by the emulator");
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(finished.Succeeded, Is.EqualTo(policies));
        Assert.That(graph.Count(RestoreScenario.DeviceConfigurations), Is.EqualTo(policies));
    }
}
