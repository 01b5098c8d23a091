using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Diagnostics;

/// <summary>Issue 18 item 3: a Graph failure inside a job is logged with the run id (message property and job scope).</summary>
public sealed class GraphFailureLogTests
{
    private GraphEmulatorServer emulator = null!;

    [OneTimeSetUp]
    public async Task StartEmulator() => emulator = await GraphEmulatorServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopEmulator() => await emulator.DisposeAsync();

    [Test]
    public async Task Graph_failure_log_carries_the_run_id_and_tenant_id_when_it_happens_inside_a_job()
    {
        var logs = new CapturedLogs();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:Auth"] = "Emulator",
            ["Graph:BaseUrl"] = emulator.BaseAddress.ToString(),
        });
        builder.Logging.AddProvider(logs);
        builder.AddGraphGateway();
        using var host = builder.Build();
        await host.StartAsync();
        var graphTenant = new GraphTenant(Guid.NewGuid(), Guid.NewGuid());
        var emulated = emulator.State.GetOrAddTenant(graphTenant.EntraTenantId);
        var policy = emulated.Add("deviceManagement/deviceConfigurations", new System.Text.Json.Nodes.JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
            ["displayName"] = "Locked down",
        });
        emulated.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Access denied Authorization: Bearer eyJsecret"));
        var run = new BulkOperationRun
        {
            Id = Guid.NewGuid(), TenantId = graphTenant.TenantId, Operation = RunOperations.PolicyCaptureSnapshot,
            IdempotencyKey = "k", RequestedBy = "system",
        };
        var reader = host.Services.GetRequiredService<IGraphReader>();
        var jobLogger = host.Services.GetRequiredService<ILogger<GraphFailureLogTests>>();

        using (RunTelemetry.BeginJob(run, jobLogger))
        {
            await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(
                graphTenant, PolicyTypes.Get(PolicyTypes.DeviceConfiguration), policy["id"]!.GetValue<string>(), CancellationToken.None));
        }

        var failure = logs.Entries.Single(e => e.EventId == 4101);
        Assert.That(failure.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(failure.State["RunId"], Is.EqualTo(run.Id));
        Assert.That(failure.State["TenantId"], Is.EqualTo(run.TenantId));
        Assert.That(failure.Scopes["RunId"], Is.EqualTo(run.Id), "the job's log scope surrounds the gateway's logs");
        Assert.That(failure.Scopes["Operation"], Is.EqualTo(RunOperations.PolicyCaptureSnapshot));
        Assert.That(failure.Message, Does.Contain(run.Id.ToString()).And.Not.Contain("eyJsecret"));
        Assert.That(RunTelemetry.Current, Is.Null, "the run context ends with the job scope");
    }
}
