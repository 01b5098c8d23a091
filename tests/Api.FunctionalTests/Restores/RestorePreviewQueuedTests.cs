using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>Spec T031: starting a preview queues a run and publishes GenerateRestorePreview; the request makes no Graph call.</summary>
public sealed class RestorePreviewQueuedTests : ApiTestFixture
{
    protected override bool UsesEmulator => true;

    protected override ApiFactory CreateFactory() => new(hostConsumers: false, Emulator);

    protected override bool ResetDatabaseBeforeEachTest => false;

    [Test]
    public async Task Preview_start_queues_a_run_and_publishes_its_message_without_calling_graph()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("oscar", TenantRole.Operator));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Baseline"));
        var set = await RestoreScenario.SeedBackupSetAsync(Factory, tenant.Id);
        Emulator.State.ClearRequestLog();

        var run = await RestoreScenario.StartAsync(ClientFor("oscar"), tenant.Id, set.Id, dryRun: true);

        Assert.That(run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(run.Restore!.DryRun, Is.True);
        Assert.That(await Factory.Harness.Published.Any<GenerateRestorePreview>(m => m.Context.Message.RunId == run.Id), Is.True);
        Assert.That(Factory.Harness.Published.Select<ExecuteRestoreRun>().Any(m => m.Context.Message.RunId == run.Id), Is.False);
        Assert.That(RestoreScenario.RequestsOf(Factory, tenant), Is.Empty);
        var stored = await DbAsync(db => Task.FromResult(db.Runs.OfType<RestoreRun>().Single(r => r.Id == run.Id)));
        Assert.That(stored.IsDryRun, Is.True);
        Assert.That(stored.PreviewGeneratedAt, Is.Null);
        var items = await RestoreScenario.RunItemsAsync(Factory, run.Id);
        Assert.That(items, Is.Empty, "nothing is previewed inline");
    }
}
