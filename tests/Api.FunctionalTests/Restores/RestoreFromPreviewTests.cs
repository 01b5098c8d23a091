using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>Issue 8 item 5: an Owner executes a finished preview: a live restore of the same scope.</summary>
public sealed class RestoreFromPreviewTests : EmulatorBackedTests
{
    [Test]
    public async Task Executing_a_finished_preview_restores_exactly_its_scope()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner), ("oscar", TenantRole.Operator));
        var selected = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Selected")));
        var other = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Not selected")));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        var selectedItem = (await RestoreScenario.ItemsAsync(Factory, set.Id)).Single(i => i.GraphId == selected).Id;
        graph.Update(RestoreScenario.DeviceConfigurations, selected, o => o["passwordMinimumLength"] = 5);
        graph.Update(RestoreScenario.DeviceConfigurations, other, o => o["passwordMinimumLength"] = 5);

        var preview = await RestoreScenario.StartAsync(Factory.CreateClientFor("oscar"), tenant.Id, set.Id, dryRun: true, itemIds: [selectedItem]);
        await RestoreScenario.WaitForTerminalAsync(Factory, preview.Id);
        var response = await Factory.CreateClientFor("olivia").PostAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{preview.Id}/execute", null);
        var live = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);

        Assert.That(live.Id, Is.Not.EqualTo(preview.Id));
        Assert.That(live.Operation, Is.EqualTo(RunOperations.Restore));
        Assert.That(live.Restore!.SourcePreviewRunId, Is.EqualTo(preview.Id));
        Assert.That(live.Restore.BackupItemIds, Is.EqualTo(new[] { selectedItem }));
        Assert.That(live.Restore.IncludeAssignments, Is.True);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, live.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(graph.Find(RestoreScenario.DeviceConfigurations, selected)!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(12));
        Assert.That(graph.Find(RestoreScenario.DeviceConfigurations, other)!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(5), "outside the scope");
    }

    [Test]
    public async Task Executing_a_live_run_id_is_not_found()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Live"));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        var live = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun: false);
        await RestoreScenario.WaitForTerminalAsync(Factory, live.Id);

        var response = await Factory.CreateClientFor("olivia").PostAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{live.Id}/execute", null);
        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
