using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Shared arrangement of the restore tests: an emulator tenant for a database tenant, a backup set
/// captured from the emulator through the real Graph reader (rows written directly, as the capture job
/// would), starting runs over HTTP and waiting for them to finish.
/// </summary>
public static class RestoreScenario
{
    public const string DeviceConfigurations = "deviceManagement/deviceConfigurations";

    public static async Task<(Tenant Tenant, EmulatorTenant Graph)> CreateTenantAsync(
        ApiFactory factory, params (string Subject, TenantRole Role)[] members)
    {
        var tenant = await TestTenants.CreateAsync(factory, "Contoso " + Guid.NewGuid().ToString("N")[..6]);
        foreach (var (subject, role) in members)
        {
            await TestTenants.AddMemberAsync(factory, tenant.Id, subject, role);
        }

        return (tenant, factory.Emulator!.State.GetOrAddTenant(tenant.EntraTenantId));
    }

    public static JsonObject DeviceConfiguration(string displayName, int minimumLength = 12, JsonObject? extra = null)
    {
        var payload = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
            ["displayName"] = displayName,
            ["description"] = "Restore test policy",
            ["passwordRequired"] = true,
            ["passwordMinimumLength"] = minimumLength,
        };
        foreach (var (name, value) in extra ?? [])
        {
            payload[name] = value?.DeepClone();
        }

        return payload;
    }

    public static JsonArray GroupAssignment(Guid groupId) =>
        [new JsonObject { ["target"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget", ["groupId"] = groupId.ToString() } }];

    public static string IdOf(JsonObject graphObject) => graphObject["id"]!.GetValue<string>();

    /// <summary>Captures every object of every supported type into a Ready backup set (one version per policy).</summary>
    public static async Task<BackupSet> CaptureAsync(ApiFactory factory, Tenant tenant, string name = "Nightly")
    {
        var reader = factory.Services.GetRequiredService<IGraphReader>();
        var graphTenant = new GraphTenant(tenant.Id, tenant.EntraTenantId, tenant.GraphProfile);
        var captured = new List<(PolicyTypeDefinition Type, GraphPolicy Policy)>();
        foreach (var type in PolicyTypes.All)
        {
            await foreach (var listed in reader.ListAsync(graphTenant, type, CancellationToken.None))
            {
                var policy = await reader.GetPolicyAsync(graphTenant, type, IdOf(listed), CancellationToken.None);
                if (policy is not null)
                {
                    captured.Add((type, policy));
                }
            }
        }

        return await factory.DbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var set = new BackupSet
            {
                Id = Guid.NewGuid(), TenantId = tenant.Id, Name = name, Status = BackupSetStatus.Ready, CreatedBy = "test",
                CreatedAt = now, ItemCount = captured.Count,
            };
            db.BackupSets.Add(set);
            foreach (var (type, policy) in captured)
            {
                var displayName = policy.Payload[type.DisplayNameProperty]?.GetValue<string>() ?? policy.GraphId;
                var row = await db.Policies.FirstOrDefaultAsync(p => p.TenantId == tenant.Id && p.GraphId == policy.GraphId);
                if (row is null)
                {
                    row = new Policy
                    {
                        Id = Guid.NewGuid(), TenantId = tenant.Id, GraphId = policy.GraphId, PolicyType = type.Name,
                        DisplayName = displayName, LastSeenAt = now, CreatedAt = now,
                    };
                    db.Policies.Add(row);
                }

                var payload = PolicyPayload.Normalize(policy.Payload);
                var assignments = PolicyPayload.NormalizeAssignments(policy.Assignments);
                // A restore records versions on the row it restored onto; this capture comes after them.
                var latest = await db.PolicyVersions.Where(v => v.PolicyId == row.Id).MaxAsync(v => (int?)v.VersionNumber) ?? 0;
                var version = new PolicyVersion
                {
                    Id = Guid.NewGuid(), PolicyId = row.Id, TenantId = tenant.Id, VersionNumber = latest + 1, CapturedAt = now,
                    ContentHash = PolicyPayload.ComputeHash(payload, assignments),
                    Payload = payload.ToJsonString(), Assignments = assignments.ToJsonString(),
                };
                db.PolicyVersions.Add(version);
                db.BackupItems.Add(new BackupItem
                {
                    Id = Guid.NewGuid(), BackupSetId = set.Id, TenantId = tenant.Id, PolicyId = row.Id, PolicyType = type.Name,
                    GraphId = policy.GraphId, DisplayName = displayName, PolicyVersionId = version.Id, CapturedAt = now,
                });
            }

            await db.SaveChangesAsync();
            return set;
        });
    }

    /// <summary>A Ready backup set of device configurations written straight to the database (no Graph involved).</summary>
    public static Task<BackupSet> SeedBackupSetAsync(ApiFactory factory, Guid tenantId, int items = 3, BackupSetStatus status = BackupSetStatus.Ready) =>
        factory.DbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var set = new BackupSet { Id = Guid.NewGuid(), TenantId = tenantId, Name = "Seeded", Status = status, CreatedBy = "test", CreatedAt = now, ItemCount = items };
            db.BackupSets.Add(set);
            for (var i = 0; i < items; i++)
            {
                var graphId = Guid.NewGuid().ToString();
                var name = $"Seeded policy {i}";
                var policy = new Policy { Id = Guid.NewGuid(), TenantId = tenantId, GraphId = graphId, PolicyType = PolicyTypes.DeviceConfiguration, DisplayName = name, LastSeenAt = now, CreatedAt = now };
                var payload = PolicyPayload.Normalize(DeviceConfiguration(name));
                var version = new PolicyVersion
                {
                    Id = Guid.NewGuid(), PolicyId = policy.Id, TenantId = tenantId, VersionNumber = 1, CapturedAt = now,
                    ContentHash = PolicyPayload.ComputeHash(payload, []), Payload = payload.ToJsonString(), Assignments = "[]",
                };
                db.Policies.Add(policy);
                db.PolicyVersions.Add(version);
                db.BackupItems.Add(new BackupItem
                {
                    Id = Guid.NewGuid(), BackupSetId = set.Id, TenantId = tenantId, PolicyId = policy.Id, PolicyType = PolicyTypes.DeviceConfiguration,
                    GraphId = graphId, DisplayName = name, PolicyVersionId = version.Id, CapturedAt = now,
                });
            }

            await db.SaveChangesAsync();
            return set;
        });

    public static Task<List<BackupItem>> ItemsAsync(ApiFactory factory, Guid backupSetId) =>
        factory.DbAsync(db => db.BackupItems.AsNoTracking().Where(i => i.BackupSetId == backupSetId).ToListAsync());

    public static async Task<RunDto> StartAsync(
        HttpClient client, Guid tenantId, Guid backupSetId, bool dryRun, bool includeAssignments = true, IEnumerable<Guid>? itemIds = null)
    {
        var response = await client.PostJsonAsync($"/api/v1/tenants/{tenantId}/restore-runs", new
        {
            backupSetId,
            backupItemIds = itemIds?.ToArray(),
            dryRun,
            includeAssignments,
        });
        return await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
    }

    public static async Task<RestoreRun> WaitForTerminalAsync(ApiFactory factory, Guid runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var run = await factory.DbAsync(db => db.Runs.OfType<RestoreRun>().AsNoTracking().FirstAsync(r => r.Id == runId));
            if (RunStateMachine.IsTerminal(run.Status))
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Run {runId} is still {run.Status} after the timeout (attempt {run.Attempt}).");
            }

            await Task.Delay(100);
        }
    }

    public static Task<Dictionary<string, RunItem>> RunItemsAsync(ApiFactory factory, Guid runId) =>
        factory.DbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == runId).ToDictionaryAsync(i => i.ItemKey));

    public static async Task<RunDetailsDto> GetAsync(HttpClient client, Guid tenantId, Guid runId, int pageSize = 200)
    {
        var response = await client.GetAsync($"/api/v1/tenants/{tenantId}/restore-runs/{runId}?pageSize={pageSize}");
        return await response.ReadAsync<RunDetailsDto>(HttpStatusCode.OK);
    }

    public static IReadOnlyList<EmulatorRequest> RequestsOf(ApiFactory factory, Tenant tenant) =>
        factory.Emulator!.State.RequestLog.Where(r => r.TenantId == tenant.EntraTenantId).ToList();
}
