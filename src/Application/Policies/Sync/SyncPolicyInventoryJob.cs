using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Policies.Sync;

/// <summary>
/// The <c>policy.sync</c> run: lists every supported policy type through the Graph reader (all pages)
/// and upserts Policy rows: new ones are added, renamed ones updated, vanished ones marked deleted in the
/// tenant, reappeared ones unmarked. One run item per policy type, so a type Graph refuses (403) fails
/// alone, and never marks that type's policies vanished. Types that need a Graph feature the tenant's profile does not
/// enable (<see cref="GraphFeatures"/>) are left out.
/// </summary>
public sealed class SyncPolicyInventoryJob(IGraphReader graph, IGraphFeatures features) : IRunJob
{
    public const string SyncedAction = "synced";

    public async Task RunAsync(RunContext context, CancellationToken ct)
    {
        var tenant = await context.UseDbAsync((db, c) => GraphTenants.ResolveAsync(db, context.Run.TenantId, c), ct);
        // A type whose feature the tenant's profile does not enable is not read (nor its rows marked vanished).
        var types = PolicyTypes.All.Where(t => features.Supports(tenant, t)).ToList();
        await context.SetTotalAsync(types.Count, ct);
        var done = context.PreviousItems;
        foreach (var type in types)
        {
            await context.RefreshStopSignalsAsync(ct);
            if (context.StopRequested)
            {
                return;
            }

            if (done.TryGetValue(type.Name, out var previous) && previous.Status != RunItemStatus.Pending)
            {
                continue;
            }

            var item = new RunItem { ItemKey = type.Name, DisplayName = type.Name, PolicyType = type.Name };
            try
            {
                var listed = new List<JsonObject>();
                await foreach (var obj in graph.ListAsync(tenant, type, ct))
                {
                    listed.Add(obj);
                }

                await context.UseDbAsync((db, c) => UpsertAsync(db, context, type, listed, c), ct);
                item.Status = RunItemStatus.Succeeded;
                item.Action = SyncedAction;
            }
            catch (GraphException ex)
            {
                Capture.PolicyCapture.Failed(item, ex.Error);
            }

            await context.RecordItemAsync(item, ct);
        }
    }

    private static async Task UpsertAsync(
        Common.IAppDbContext db, RunContext context, PolicyTypeDefinition type, List<JsonObject> listed, CancellationToken cancellationToken)
    {
        var tenantId = context.Run.TenantId;
        var now = context.Time.GetUtcNow();
        var existing = await db.Policies.Where(p => p.TenantId == tenantId && p.PolicyType == type.Name)
            .ToDictionaryAsync(p => p.GraphId, StringComparer.OrdinalIgnoreCase, cancellationToken);
        // Rows stored under the legacy app policy type are taken over by the concrete type that lists them.
        var legacy = type.CollectionPath.StartsWith("deviceAppManagement/", StringComparison.Ordinal)
            ? await db.Policies.Where(p => p.TenantId == tenantId && p.PolicyType == PolicyTypes.LegacyAppProtectionPolicy)
                .ToDictionaryAsync(p => p.GraphId, StringComparer.OrdinalIgnoreCase, cancellationToken)
            : [];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var obj in listed)
        {
            var graphId = Text(obj["id"]);
            if (string.IsNullOrEmpty(graphId) || !seen.Add(graphId))
            {
                continue;
            }

            var name = Text(obj[type.DisplayNameProperty]) ?? Text(obj["displayName"]) ?? graphId;
            var platform = Platform(obj);
            if (existing.TryGetValue(graphId, out var policy) || legacy.TryGetValue(graphId, out policy))
            {
                policy.PolicyType = type.Name;
                policy.DisplayName = name;
                policy.Platform = platform ?? policy.Platform;
                policy.LastSeenAt = now;
                policy.DeletedInTenantAt = null;
            }
            else
            {
                db.Policies.Add(new Policy
                {
                    Id = Guid.CreateVersion7(now),
                    TenantId = tenantId,
                    GraphId = graphId,
                    PolicyType = type.Name,
                    DisplayName = name,
                    Platform = platform,
                    LastSeenAt = now,
                    CreatedAt = now,
                });
            }
        }

        foreach (var vanished in existing.Values.Where(p => !seen.Contains(p.GraphId) && p.DeletedInTenantAt is null))
        {
            vanished.DeletedInTenantAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    /// <summary>The settings catalog's platforms, else the platform word that starts the @odata.type (windows10, iosManaged...).</summary>
    private static string? Platform(JsonObject obj)
    {
        if (Text(obj["platforms"]) is { } platforms)
        {
            return platforms;
        }

        var odataType = Text(obj["@odata.type"])?.Replace("#microsoft.graph.", "", StringComparison.Ordinal);
        if (odataType is null)
        {
            return null;
        }

        foreach (var platform in KnownPlatforms)
        {
            if (odataType.StartsWith(platform, StringComparison.OrdinalIgnoreCase))
            {
                return platform;
            }
        }

        return null;
    }

    private static readonly string[] KnownPlatforms = ["windows", "ios", "macOS", "android", "aosp"];
}
