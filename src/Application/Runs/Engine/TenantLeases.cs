using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// Tenant-exclusive execution across worker processes (DESIGN.md section 4): a run may start only while it
/// holds its tenant's lease row. The row is taken when free or expired, renewed with the run's heartbeat and
/// deleted when the run ends; a worker that dies leaves it to expire, and then another run takes the tenant.
/// </summary>
public static class TenantLeases
{
    /// <summary>Takes the tenant's lease for one attempt of a run (<paramref name="holder"/>); false while another holds it.</summary>
    public static async Task<bool> TryAcquireAsync(
        IAppDbContext db, Guid tenantId, Guid holder, Guid runId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = now + lease;
        var taken = await db.TenantLeases
            .Where(l => l.TenantId == tenantId && l.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.HolderId, holder).SetProperty(l => l.RunId, runId).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.TenantLeases.AsNoTracking().AnyAsync(l => l.TenantId == tenantId, cancellationToken))
        {
            return false;
        }

        var row = new TenantLease { TenantId = tenantId, HolderId = holder, RunId = runId, ExpiresAt = until };
        db.TenantLeases.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another worker inserted the tenant's row a moment ago: it holds the tenant.
            if (db is DbContext context)
            {
                context.Entry(row).State = EntityState.Detached;
            }

            return false;
        }
    }

    /// <summary>Extends the holder's lease on its tenant; false when it no longer holds it.</summary>
    public static async Task<bool> RenewAsync(
        IAppDbContext db, Guid tenantId, Guid holder, DateTimeOffset until, CancellationToken cancellationToken) =>
        await db.TenantLeases.Where(l => l.TenantId == tenantId && l.HolderId == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;

    /// <summary>Gives the tenant up, if the holder still holds it.</summary>
    public static Task<int> ReleaseAsync(IAppDbContext db, Guid tenantId, Guid holder, CancellationToken cancellationToken) =>
        db.TenantLeases.Where(l => l.TenantId == tenantId && l.HolderId == holder).ExecuteDeleteAsync(cancellationToken);
}
