using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Tests.Shared;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 7 item 3: the job dies between the Graph write and the result write (a fault injected in the
/// result store); the resumed run finds the object it created and creates no second policy.
/// </summary>
public sealed class RestoreRunCrashRecoveryTests : EmulatorBackedTests
{
    private FaultyResultStoreFactory factory = null!;

    protected override ApiFactory CreateFactory() => factory = new FaultyResultStoreFactory(Emulator);

    [Test]
    public async Task Resumed_run_creates_no_second_policy_when_the_result_write_failed_after_the_graph_create()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(factory, ("olivia", TenantRole.Owner));
        var deleted = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Lost response"),
            RestoreScenario.GroupAssignment(Guid.NewGuid())));
        var set = await RestoreScenario.CaptureAsync(factory, tenant);
        graph.Remove(RestoreScenario.DeviceConfigurations, deleted);
        factory.Fault.Arm();

        var run = await RestoreScenario.StartAsync(factory.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(factory, run.Id, TimeSpan.FromSeconds(60));

        Assert.That(factory.Fault.Fired, Is.EqualTo(1), "the fault hit the result write once");
        Assert.That(finished.Attempt, Is.EqualTo(2), "the run was resumed after the crash");
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        var sameName = graph.List(RestoreScenario.DeviceConfigurations).Where(o => o["displayName"]?.GetValue<string>() == "Lost response").ToList();
        Assert.That(sameName, Has.Count.EqualTo(1), "exactly one policy exists after the resumed run");
        var posts = RestoreScenario.RequestsOf(factory, tenant)
            .Count(r => r.Method == "POST" && r.Path.EndsWith("deviceManagement/deviceConfigurations", StringComparison.OrdinalIgnoreCase));
        Assert.That(posts, Is.EqualTo(1), "one create reached Graph");
        var item = (await RestoreScenario.RunItemsAsync(factory, run.Id)).Values.Single();
        Assert.That(item.Status, Is.EqualTo(RunItemStatus.Succeeded));
        Assert.That(item.Action, Is.EqualTo("created"));
        Assert.That(item.GraphId, Is.EqualTo(RestoreScenario.IdOf(sameName[0])));
        var audits = await factory.DbAsync(db => db.AuditLogs.Where(a => a.RunId == run.Id && a.Action == "restore.item.created").CountAsync());
        Assert.That(audits, Is.EqualTo(1), "the one create is audited once");
    }

    /// <summary>Fails the first save that turns a restore item Succeeded: the Graph write has happened, its result is lost.</summary>
    public sealed class ResultWriteFault : SaveChangesInterceptor
    {
        private int armed;
        private int fired;

        public int Fired => Volatile.Read(ref fired);

        public void Arm() => Volatile.Write(ref armed, 1);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var completing = eventData.Context?.ChangeTracker.Entries<RunItem>()
                .Any(e => e.Entity.RunKind == RunKind.Restore && e.Entity.Status == RunItemStatus.Succeeded && e.State == EntityState.Modified) == true;
            if (completing && Interlocked.CompareExchange(ref armed, 0, 1) == 1)
            {
                Interlocked.Increment(ref fired);
                throw new InvalidOperationException("Injected fault: the result store is unavailable.");
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    private sealed class FaultyResultStoreFactory(GraphEmulatorServer emulator) : ApiFactory(hostConsumers: true, emulator)
    {
        public ResultWriteFault Fault { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Runs:SweepInterval", "00:00:00.200");
            builder.ConfigureServices(services => TestDatabase.ConfigureDbContext(services, options => options.AddInterceptors(Fault)));
        }
    }
}
