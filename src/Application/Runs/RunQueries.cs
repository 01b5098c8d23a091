using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>Tenant-scoped reads of runs of every kind (one table).</summary>
public static class RunQueries
{
    /// <summary>The run, in the tenant only; tracked when the caller will change it.</summary>
    public static Task<Run?> FindAsync(IAppDbContext db, Guid tenantId, Guid runId, CancellationToken cancellationToken, bool tracked = false) =>
        (tracked ? db.Runs : db.Runs.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == runId && r.TenantId == tenantId, cancellationToken);

    public static async Task<PagedResult<RunItemDto>> ItemsAsync(
        IAppDbContext db, Guid runId, RunItemStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.RunItems.AsNoTracking().Where(i => i.RunId == runId);
        if (status is { } s)
        {
            query = query.Where(i => i.Status == s);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(i => i.ItemKey).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return PagedResult.Offset(items.Select(RunItemDto.From).ToList(), page, pageSize, total);
    }
}
