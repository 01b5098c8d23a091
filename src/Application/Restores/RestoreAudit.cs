using System.Text.Json;
using System.Text.Json.Nodes;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Audit;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// Audit rows of a live restore, linked to the run and attributed to whoever requested it. Metadata
/// holds only safe, short fields and every string passes the sanitizer.
/// </summary>
public static class RestoreAudit
{
    public const string Started = "restore.started";
    public const string Finished = "restore.finished";
    public const string ItemPrefix = "restore.item.";
    public const string RunTargetType = "restoreRun";
    public const string PolicyTargetType = "policy";

    public static void Add(
        IAppDbContext db, RestoreRun run, string action, string targetType, string? targetId,
        IReadOnlyDictionary<string, object?> metadata, DateTimeOffset now)
    {
        var safe = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            safe[key] = value switch
            {
                null => null,
                string s => GraphErrorSanitizer.Sanitize(s, 400),
                bool b => b,
                int i => i,
                Guid g => g.ToString("D"),
                _ => GraphErrorSanitizer.Sanitize(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), 400),
            };
        }

        if (run.IsCrossTenant && !safe.ContainsKey("sourceTenantId"))
        {
            // A cross-tenant restore names, in the target's audit, the tenant whose backup it wrote.
            safe["sourceTenantId"] = run.SourceTenantId!.Value.ToString("D");
        }

        db.AuditLogs.Add(new AuditLog
        {
            Id = Guid.CreateVersion7(now),
            TenantId = run.TenantId,
            Actor = run.RequestedBy,
            Action = action,
            TargetType = targetType,
            TargetId = targetId is null ? null : GraphErrorSanitizer.Sanitize(targetId, 100),
            RunId = run.Id,
            Metadata = safe.ToJsonString(JsonSerializerOptions.Web),
            OccurredAt = now,
        });
    }
}
