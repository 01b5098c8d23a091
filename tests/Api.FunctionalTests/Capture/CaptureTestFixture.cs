using System.Net;
using System.Text.Json.Nodes;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Capture;

/// <summary>
/// One Api (consumers not hosted: messages land in the test harness, jobs are run by the test) and one
/// Graph emulator per fixture; a fresh database content, tenant and emulated tenant per test.
/// </summary>
public abstract class CaptureTestFixture : ApiTestFixture
{
    public const string Operator = "olivia";
    public const string Reader = "rita";

    protected const string DeviceConfigurations = "deviceManagement/deviceConfigurations";
    protected const string CompliancePolicies = "deviceManagement/deviceCompliancePolicies";
    protected const string ConfigurationPolicies = "deviceManagement/configurationPolicies";
    protected const string ManagedAppPolicies = "deviceAppManagement/managedAppPolicies";

    protected Tenant Tenant { get; private set; } = null!;
    protected EmulatorTenant Graph { get; private set; } = null!;
    protected Guid OperatorUserId { get; private set; }

    protected override bool UsesEmulator => true;

    /// <summary>The Api under test; consumers are not hosted, so messages land in the test harness.</summary>
    protected override ApiFactory CreateFactory() => new(hostConsumers: false, Emulator);

    protected override void ConfigureFactory(ApiFactory factory) => factory
        .With("Graph:Retry:BaseDelay", "00:00:00.050")
        .With("Graph:Retry:MaxDelay", "00:00:01")
        .With("Graph:Retry:TotalBudget", "00:00:15")
        .With("Graph:Retry:MaxRetryAttempts", "4")
        // Tests watch items appear while a run is still going: flush item batches promptly.
        .With("Runs:ItemFlushInterval", "00:00:00.020");

    protected override async Task SeedAsync()
    {
        Tenant = await CreateTenantAsync("Contoso");
        Graph = Emulator.State.GetOrAddTenant(Tenant.EntraTenantId);
        OperatorUserId = (await AddMemberAsync(Tenant.Id, Operator, TenantRole.Operator)).Id;
        await AddMemberAsync(Tenant.Id, Reader, TenantRole.Reader);
        Emulator.State.ClearRequestLog();
    }

    protected string TenantUrl => $"/api/v1/tenants/{Tenant.Id}";

    protected HttpClient OperatorClient() => ClientFor(Operator);

    protected HttpClient ReaderClient() => ClientFor(Reader);

    /// <summary>Requests the emulator answered for this test's tenant.</summary>
    protected IReadOnlyList<EmulatorRequest> GraphRequests() =>
        Emulator.State.RequestLog.Where(r => r.TenantId == Tenant.EntraTenantId).ToList();

    protected static JsonObject DeviceConfiguration(string name, bool passwordRequired = true) => new()
    {
        ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
        ["displayName"] = name,
        ["description"] = "Baseline for corporate devices",
        ["passwordRequired"] = passwordRequired,
        ["passwordMinimumLength"] = 12,
        ["roleScopeTagIds"] = new JsonArray("0"),
    };

    protected static JsonArray GroupAssignment(Guid groupId) =>
    [
        new JsonObject
        {
            ["target"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget",
                ["groupId"] = groupId.ToString(),
            },
        },
    ];

    /// <summary>Adds the object to the emulated tenant and the matching Policy row (as a sync would).</summary>
    protected async Task<(Policy Policy, JsonObject GraphObject)> AddPolicyAsync(
        string collectionPath, JsonObject payload, string policyType = PolicyTypes.DeviceConfiguration, JsonArray? assignments = null)
    {
        var graphObject = Graph.Add(collectionPath, payload, assignments);
        var now = DateTimeOffset.UtcNow;
        var policy = new Policy
        {
            Id = Guid.CreateVersion7(),
            TenantId = Tenant.Id,
            GraphId = graphObject["id"]!.GetValue<string>(),
            PolicyType = policyType,
            DisplayName = (graphObject["displayName"] ?? graphObject["name"])!.GetValue<string>(),
            LastSeenAt = now,
            CreatedAt = now,
        };
        await DbAsync(async db => { db.Policies.Add(policy); await db.SaveChangesAsync(); });
        return (policy, graphObject);
    }

    protected async Task<RunDto> StartAsync(string url, object? body = null, HttpClient? client = null)
    {
        client ??= OperatorClient();
        var response = body is null ? await client.PostAsync(url, null) : await client.PostJsonAsync(url, body);
        return await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
    }

    /// <summary>Claims and runs the run through the engine, as a worker would for its message.</summary>
    protected Task<bool> ExecuteRunAsync(Guid runId, CancellationToken cancellationToken) =>
        Factory.Services.GetRequiredService<RunExecutor>().ExecuteAsync(runId, cancellationToken);

    protected Task<BulkOperationRun> RunAsync(Guid runId) =>
        DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().SingleAsync(r => r.Id == runId));

    protected Task<List<RunItem>> RunItemsAsync(Guid runId) =>
        DbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == runId).ToListAsync());

    protected bool WasPublished<TMessage>(Guid runId) where TMessage : class, Application.Contracts.IRunMessage =>
        Factory.Harness.Published.Select<TMessage>().Any(m => m.Context.Message.RunId == runId);

    protected int PublishedCount<TMessage>(Guid runId) where TMessage : class, Application.Contracts.IRunMessage =>
        Factory.Harness.Published.Select<TMessage>().Count(m => m.Context.Message.RunId == runId);
}
