using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.Capture;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// After a restore wrote an object, the inventory follows it: the backed-up policy's row takes the Graph id of
/// the object restored onto (a re-created policy has a new one), is seen again, and gets a version for the
/// restored state (none when that equals its latest version). Version history stays on the same row, and the
/// next backup reads the object that exists instead of answering graph.not_found for the old id.
/// </summary>
public sealed class RestoreInventory(PolicyCapture capture, TimeProvider time)
{
    public async Task FollowAsync(
        IAppDbContext db, Guid tenantId, RestoreWorkItem item, PolicyTypeDefinition type, GraphPolicy restored, Guid runId,
        CancellationToken cancellationToken)
    {
        var row = await db.Policies.FirstOrDefaultAsync(p => p.TenantId == tenantId && p.Id == item.PolicyId, cancellationToken);
        if (row is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (!string.Equals(row.GraphId, restored.GraphId, StringComparison.OrdinalIgnoreCase))
        {
            var holder = await db.Policies.FirstOrDefaultAsync(
                p => p.TenantId == tenantId && p.PolicyType == type.Name && p.GraphId == restored.GraphId && p.Id != row.Id, cancellationToken);
            if (holder is not null)
            {
                var holderHasHistory = await db.PolicyVersions.AnyAsync(v => v.PolicyId == holder.Id, cancellationToken)
                    || await db.BackupItems.AnyAsync(b => b.PolicyId == holder.Id, cancellationToken);
                if (holderHasHistory)
                {
                    // Another row already tracks that object with its own history: it gets the restored state, and
                    // ours names an object that is gone (a backup of all policies no longer reads it).
                    row.DeletedInTenantAt ??= now;
                    await db.SaveChangesAsync(cancellationToken);
                    await capture.StoreAsync(db, holder, restored, runId, cancellationToken);
                    return;
                }

                // An inventory sync listed the re-created object before this restore recorded it: one row is enough.
                db.Policies.Remove(holder);
                await db.SaveChangesAsync(cancellationToken);
            }

            row.GraphId = restored.GraphId;
        }

        if (restored.Payload[type.DisplayNameProperty] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var name) && !string.IsNullOrWhiteSpace(name))
        {
            row.DisplayName = name;
        }

        row.PolicyType = type.Name;
        row.LastSeenAt = now;
        row.DeletedInTenantAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await capture.StoreAsync(db, row, restored, runId, cancellationToken);
    }
}
