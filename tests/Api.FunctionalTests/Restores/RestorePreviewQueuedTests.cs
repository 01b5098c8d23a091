using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>Spec T031: starting a preview queues a run and publishes GenerateRestorePreview; the request makes no Graph call.</summary>
public sealed class RestorePreviewQueuedTests
{
    private GraphEmulatorServer emulator = null!;
    private ApiFactory factory = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        emulator = await GraphEmulatorServer.StartAsync();
        factory = new ApiFactory(hostConsumers: false, emulator);
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        factory.Dispose();
        await emulator.DisposeAsync();
    }

    [Test]
    public async Task Preview_start_queues_a_run_and_publishes_its_message_without_calling_graph()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(factory, ("oscar", TenantRole.Operator));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Baseline"));
        var set = await RestoreScenario.SeedBackupSetAsync(factory, tenant.Id);
        emulator.State.ClearRequestLog();

        var run = await RestoreScenario.StartAsync(factory.CreateClientFor("oscar"), tenant.Id, set.Id, dryRun: true);

        Assert.That(run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(run.Restore!.DryRun, Is.True);
        Assert.That(await factory.Harness.Published.Any<GenerateRestorePreview>(m => m.Context.Message.RunId == run.Id), Is.True);
        Assert.That(factory.Harness.Published.Select<ExecuteRestoreRun>().Any(m => m.Context.Message.RunId == run.Id), Is.False);
        Assert.That(RestoreScenario.RequestsOf(factory, tenant), Is.Empty);
        var stored = await factory.DbAsync(db => Task.FromResult(db.Runs.OfType<RestoreRun>().Single(r => r.Id == run.Id)));
        Assert.That(stored.IsDryRun, Is.True);
        Assert.That(stored.PreviewGeneratedAt, Is.Null);
        var items = await RestoreScenario.RunItemsAsync(factory, run.Id);
        Assert.That(items, Is.Empty, "nothing is previewed inline");
    }
}
