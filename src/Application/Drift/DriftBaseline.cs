using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Backups;

namespace TenantAtlas.Application.Drift;

/// <summary>One policy of the baseline backup set with its captured (normalised) payload and assignments.</summary>
public sealed record DriftBaselineItem(PolicyTypeDefinition Type, string GraphId, string DisplayName, JsonObject Payload, JsonArray Assignments)
{
    public string ItemKey => DriftBaseline.ItemKey(Type, GraphId);
}

/// <summary>Finds and loads the backup set a drift check compares the tenant with.</summary>
public static class DriftBaseline
{
    public const string NoBaselineCode = "drift.no_baseline";

    /// <summary>The run item key of a policy in a drift check: type and Graph id.</summary>
    public static string ItemKey(PolicyTypeDefinition type, string graphId) => $"{type.Name}:{graphId.ToLowerInvariant()}";

    /// <summary>The tenant's latest Ready backup set (optionally only one created before <paramref name="before"/>), or null.</summary>
    public static Task<Guid?> FindLatestAsync(IAppDbContext db, Guid tenantId, DateTimeOffset? before, CancellationToken cancellationToken) =>
        db.BackupSets.AsNoTracking()
            .Where(s => s.TenantId == tenantId && s.Status == BackupSetStatus.Ready && (before == null || s.CreatedAt < before))
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);

    public static async Task<IReadOnlyList<DriftBaselineItem>> LoadAsync(IAppDbContext db, Guid tenantId, Guid backupSetId, CancellationToken cancellationToken)
    {
        var exists = await db.BackupSets.AsNoTracking().AnyAsync(s => s.Id == backupSetId && s.TenantId == tenantId, cancellationToken);
        if (!exists)
        {
            throw new Runs.Engine.RunFaultException(NoBaselineCode, "The baseline backup set no longer exists.");
        }

        var rows = await (
            from i in db.BackupItems.AsNoTracking()
            join v in db.PolicyVersions.AsNoTracking() on i.PolicyVersionId equals v.Id
            where i.BackupSetId == backupSetId && i.TenantId == tenantId
            orderby i.PolicyType, i.DisplayName, i.Id
            select new { i.PolicyType, i.GraphId, i.DisplayName, v.Payload, v.Assignments }).ToListAsync(cancellationToken);
        var items = new List<DriftBaselineItem>(rows.Count);
        foreach (var row in rows)
        {
            var payload = JsonNode.Parse(row.Payload) as JsonObject ?? [];
            var odataType = payload["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
            if (PolicyTypes.Resolve(row.PolicyType, odataType) is not { } type)
            {
                continue;
            }

            items.Add(new DriftBaselineItem(type, row.GraphId, row.DisplayName, payload, JsonNode.Parse(row.Assignments) as JsonArray ?? []));
        }

        return items;
    }
}
