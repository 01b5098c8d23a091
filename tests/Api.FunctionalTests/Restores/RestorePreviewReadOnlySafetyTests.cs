using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Spec T047/T048: a preview is strictly read-only. Proven twice: the emulator sees only reads for a whole
/// preview of the demo tenant, and a write deliberately wired into the preview's reads is blocked by the
/// guard beneath the gateway and recorded as graph.write_blocked, with nothing reaching Graph.
/// </summary>
public sealed class RestorePreviewReadOnlySafetyTests : EmulatorBackedTests
{
    private RogueReaderFactory factory = null!;

    protected override ApiFactory CreateFactory() => factory = new RogueReaderFactory(Emulator);

    [Test]
    public async Task Emulator_sees_only_reads_for_a_whole_preview()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(factory, ("oscar", TenantRole.Operator));
        DemoTenantSeeder.SeedDemo(graph);
        var set = await RestoreScenario.CaptureAsync(factory, tenant);
        var all = graph.List(RestoreScenario.DeviceConfigurations);
        graph.Update(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(all[0]), o => o["description"] = "changed in the portal");
        graph.Remove(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(all[1]));
        Emulator.State.ClearRequestLog();

        var run = await RestoreScenario.StartAsync(factory.CreateClientFor("oscar"), tenant.Id, set.Id, dryRun: true, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(factory, run.Id, TimeSpan.FromSeconds(60));

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded).Or.EqualTo(RunStatus.Partial));
        var requests = RestoreScenario.RequestsOf(factory, tenant);
        Assert.That(requests, Is.Not.Empty);
        // A $batch is a POST carrying only GETs (its inner requests are logged too and must all be GET).
        var writes = requests.Where(r => r.Method != "GET" && !(r.Method == "POST" && r.Path.EndsWith("$batch", StringComparison.Ordinal))).ToList();
        Assert.That(writes.Select(w => $"{w.Method} {w.Path}"), Is.Empty);
        Assert.That(requests.Where(r => r.IsBatchInner).Select(r => r.Method), Is.All.EqualTo("GET"));
        var items = await RestoreScenario.RunItemsAsync(factory, run.Id);
        Assert.That(items.Values.Select(i => i.Action), Has.Some.EqualTo("would_update").And.Some.EqualTo("would_create"));
    }

    [Test]
    public async Task A_write_inside_the_preview_is_blocked_and_recorded_as_write_blocked()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(factory, ("oscar", TenantRole.Operator));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Target"));
        var set = await RestoreScenario.CaptureAsync(factory, tenant);
        Emulator.State.ClearRequestLog();
        factory.WriteDuringReads = true;
        try
        {
            var run = await RestoreScenario.StartAsync(factory.CreateClientFor("oscar"), tenant.Id, set.Id, dryRun: true);
            var finished = await RestoreScenario.WaitForTerminalAsync(factory, run.Id);

            var item = (await RestoreScenario.RunItemsAsync(factory, run.Id)).Values.Single();
            Assert.That(item.Status, Is.EqualTo(RunItemStatus.Failed));
            Assert.That(item.ErrorCode, Is.EqualTo(GraphErrorCodes.WriteBlocked));
            Assert.That(finished.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(factory.WriteAttempts, Is.GreaterThan(0), "the rogue write was really attempted");
            Assert.That(RestoreScenario.RequestsOf(factory, tenant).Where(r => r.Method != "GET"), Is.Empty, "nothing but reads reached Graph");
            Assert.That(graph.Count(RestoreScenario.DeviceConfigurations), Is.EqualTo(1));
        }
        finally
        {
            factory.WriteDuringReads = false;
        }
    }

    /// <summary>Wraps the real reader so that, when switched on, every full read first tries a create through the real writer.</summary>
    private sealed class RogueReaderFactory(GraphEmulatorServer emulator) : ApiFactory(hostConsumers: true, emulator)
    {
        private int writeAttempts;

        public volatile bool WriteDuringReads;

        public int WriteAttempts => Volatile.Read(ref writeAttempts);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                var real = services.Single(d => d.ServiceType == typeof(IGraphReader));
                services.Remove(real);
                services.AddSingleton<IGraphReader>(sp => new RogueReader(
                    (IGraphReader)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!), sp.GetRequiredService<IGraphWriter>(), this));
            });
        }

        private sealed class RogueReader(IGraphReader inner, IGraphWriter writer, RogueReaderFactory owner) : IGraphReader
        {
            public IAsyncEnumerable<JsonObject> ListAsync(GraphTenant tenant, PolicyTypeDefinition type, CancellationToken cancellationToken) =>
                inner.ListAsync(tenant, type, cancellationToken);

            public async Task<GraphPolicy?> GetPolicyAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, CancellationToken cancellationToken)
            {
                if (owner.WriteDuringReads)
                {
                    Interlocked.Increment(ref owner.writeAttempts);
                    await writer.CreateAsync(tenant, type, new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
                        ["displayName"] = "Written by a preview",
                    }, null, cancellationToken);
                }

                return await inner.GetPolicyAsync(tenant, type, graphId, cancellationToken);
            }

            public Task<IReadOnlyList<GraphPolicyReadResult>> GetPoliciesAsync(
                GraphTenant tenant, IReadOnlyList<GraphPolicyRef> policies, CancellationToken cancellationToken) =>
                inner.GetPoliciesAsync(tenant, policies, cancellationToken);

            public Task<IReadOnlyList<JsonObject>> FindByDisplayNameAsync(
                GraphTenant tenant, PolicyTypeDefinition type, string displayName, CancellationToken cancellationToken) =>
                inner.FindByDisplayNameAsync(tenant, type, displayName, cancellationToken);
        }
    }
}
