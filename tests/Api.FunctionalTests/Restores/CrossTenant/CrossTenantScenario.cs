using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.Api.FunctionalTests.Restores.CrossTenant;

/// <summary>
/// A baseline tenant and a customer tenant whose directories hold equally named groups and filters with different
/// ids, as two real tenants do. The baseline has two assigned device configurations and a backup of them.
/// </summary>
public sealed class CrossTenantScenario
{
    public const string Finance = "Finance Users";
    public const string Pilot = "Pilot Ring";
    public const string Executives = "Executives";
    public const string CorporateFilter = "Corporate Windows devices";
    public const string BaselinePolicy = "Baseline password";
    public const string PilotPolicy = "Pilot policy";
    public const string ExecutivePolicy = "Executive policy";

    public required Tenant Source { get; init; }
    public required EmulatorTenant SourceGraph { get; init; }
    public required Tenant Target { get; init; }
    public required EmulatorTenant TargetGraph { get; init; }
    public required BackupSet Set { get; init; }
    public required Guid SourceFinance { get; init; }
    public required Guid SourcePilot { get; init; }
    public required Guid SourceExecutives { get; init; }
    public required Guid SourceFilter { get; init; }
    public required Guid TargetFinance { get; init; }
    public required Guid TargetFilter { get; init; }

    /// <summary>
    /// Source: "Baseline password" assigned to Finance Users with the corporate filter, "Pilot policy" to Pilot Ring
    /// (no such group in the target), "Executive policy" to Executives (two such groups in the target).
    /// </summary>
    public static async Task<CrossTenantScenario> CreateAsync(ApiFactory factory, params (string Subject, TenantRole OnSource, TenantRole? OnTarget)[] members)
    {
        var (source, sourceGraph) = await RestoreScenario.CreateTenantAsync(factory);
        var (target, targetGraph) = await RestoreScenario.CreateTenantAsync(factory);
        foreach (var (subject, onSource, onTarget) in members)
        {
            await TestTenants.AddMemberAsync(factory, source.Id, subject, onSource);
            if (onTarget is { } role)
            {
                await TestTenants.AddMemberAsync(factory, target.Id, subject, role);
            }
        }

        var src = sourceGraph.Directory();
        var finance = src.AddGroup(Finance);
        var pilot = src.AddGroup(Pilot);
        var executives = src.AddGroup(Executives);
        var filter = src.AddAssignmentFilter(CorporateFilter);

        var tgt = targetGraph.Directory();
        var targetFinance = tgt.AddGroup(Finance);
        tgt.AddGroup(Executives);
        tgt.AddGroup(Executives);
        var targetFilter = tgt.AddAssignmentFilter(CorporateFilter);

        sourceGraph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration(BaselinePolicy, 14), FilteredAssignment(finance, filter));
        sourceGraph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration(PilotPolicy, 10), RestoreScenario.GroupAssignment(pilot));
        sourceGraph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration(ExecutivePolicy, 16), RestoreScenario.GroupAssignment(executives));
        var set = await RestoreScenario.CaptureAsync(factory, source, "Baseline");
        return new CrossTenantScenario
        {
            Source = source, SourceGraph = sourceGraph, Target = target, TargetGraph = targetGraph, Set = set,
            SourceFinance = finance, SourcePilot = pilot, SourceExecutives = executives, SourceFilter = filter,
            TargetFinance = targetFinance, TargetFilter = targetFilter,
        };
    }

    public static JsonArray FilteredAssignment(Guid groupId, Guid filterId) =>
    [
        new JsonObject
        {
            ["target"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget",
                ["groupId"] = groupId.ToString(),
                ["deviceAndAppManagementAssignmentFilterId"] = filterId.ToString(),
                ["deviceAndAppManagementAssignmentFilterType"] = "include",
            },
        },
    ];

    public Task<HttpResponseMessage> StartAsync(HttpClient client, bool dryRun, string? unmappedAssignments = null, bool createMissingReferences = false) =>
        client.PostJsonAsync($"/api/v1/tenants/{Target.Id}/restore-runs", new
        {
            sourceTenantId = Source.Id,
            backupSetId = Set.Id,
            dryRun,
            includeAssignments = true,
            unmappedAssignments,
            createMissingReferences,
        });

    public async Task<RunDto> StartAcceptedAsync(HttpClient client, bool dryRun, string? unmappedAssignments = null, bool createMissingReferences = false) =>
        await (await StartAsync(client, dryRun, unmappedAssignments, createMissingReferences)).ReadAsync<RunDto>(HttpStatusCode.Accepted);

    /// <summary>Requests the emulator answered for a tenant's Graph.</summary>
    public static IReadOnlyList<EmulatorRequest> RequestsOf(ApiFactory factory, Tenant tenant) =>
        factory.Emulator!.State.RequestLog.Where(r => r.TenantId == tenant.EntraTenantId).ToList();

    public Task<HttpResponseMessage> PutMappingAsync(HttpClient client, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/tenants/{Target.Id}/restore-mappings/{Source.Id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PatchMappingAsync(HttpClient client, JsonNode body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tenants/{Target.Id}/restore-mappings/{Source.Id}")
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
