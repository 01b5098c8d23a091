using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores;

/// <summary>Loads what a restore run works on: the Graph tenant and the backup items in scope with their versions.</summary>
public static class RestorePlan
{
    public static async Task<GraphTenant> LoadGraphTenantAsync(IAppDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId)
            .Select(t => new { t.Id, t.EntraTenantId, t.GraphProfile }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RunFaultException("tenant.not_found", "The tenant of this run no longer exists.");
        return new GraphTenant(tenant.Id, tenant.EntraTenantId, tenant.GraphProfile);
    }

    /// <summary>
    /// The run's items in a stable order (policy type, display name, id). They come from the backup set's tenant: the
    /// source of a cross-tenant run (its Graph tenant stays <see cref="Run.TenantId"/>, the target), else the run's own.
    /// </summary>
    public static async Task<IReadOnlyList<RestoreWorkItem>> LoadItemsAsync(IAppDbContext db, RestoreRun run, CancellationToken cancellationToken)
    {
        var scope = run.Scope is null ? null : JsonSerializer.Deserialize<List<Guid>>(run.Scope);
        var backupTenantId = BackupTenantOf(run);
        var query = db.BackupItems.AsNoTracking().Where(i => i.TenantId == backupTenantId && i.BackupSetId == run.BackupSetId);
        if (scope is not null)
        {
            query = query.Where(i => scope.Contains(i.Id));
        }

        var rows = await query
            .Join(db.PolicyVersions.AsNoTracking().Where(v => v.TenantId == backupTenantId), i => i.PolicyVersionId, v => v.Id,
                (i, v) => new { i.Id, i.PolicyType, i.GraphId, i.DisplayName, v.Payload, v.Assignments, i.PolicyId })
            .ToListAsync(cancellationToken);

        return rows
            .Select(r => (Row: r, Payload: ParseObject(r.Payload)))
            .Select(x => new RestoreWorkItem(
                x.Row.Id, PolicyTypes.Resolve(x.Row.PolicyType, x.Payload["@odata.type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null),
                x.Row.PolicyType, x.Row.GraphId, x.Row.DisplayName, x.Payload, ParseArray(x.Row.Assignments), x.Row.PolicyId))
            .OrderBy(i => i.PolicyTypeName, StringComparer.Ordinal)
            .ThenBy(i => i.DisplayName, StringComparer.Ordinal)
            .ThenBy(i => i.BackupItemId)
            .ToList();
    }

    /// <summary>The tenant the run's backup set belongs to.</summary>
    public static Guid BackupTenantOf(RestoreRun run) => run.SourceTenantId ?? run.TenantId;

    private static JsonObject ParseObject(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    private static JsonArray ParseArray(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonNode.Parse(json) switch
        {
            JsonArray a => a,
            // Tolerate the Graph list envelope {"value": [...]}.
            JsonObject { } o when o["value"] is JsonArray inner => (JsonArray)inner.DeepClone(),
            _ => [],
        };
}
