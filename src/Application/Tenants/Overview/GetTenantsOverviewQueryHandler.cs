using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Drift;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.Overview;

/// <summary>
/// One page of visible tenants, then one grouped query each for the last successful backup, the last drift report and
/// the next scheduled run of the tenants on the page: five statements whatever the page size (no N+1).
/// </summary>
public sealed class GetTenantsOverviewQueryHandler(IAppDbContext db, ICurrentActor actor)
    : IQueryHandler<GetTenantsOverviewQuery, PagedResult<TenantOverviewDto>>
{
    // Member-init (not a positional record) so EF can order and page by its members.
    private sealed class Visible
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public TenantRole Role { get; init; }
    }

    public async ValueTask<PagedResult<TenantOverviewDto>> Handle(GetTenantsOverviewQuery query, CancellationToken cancellationToken)
    {
        IQueryable<Visible> visible;
        if (actor.ApiKeyId is { } keyId)
        {
            visible = from k in db.ApiKeys.AsNoTracking()
                      join t in db.Tenants.AsNoTracking() on k.TenantId equals t.Id
                      where k.Id == keyId && k.RevokedAt == null
                      select new Visible { Id = t.Id, Name = t.Name, Role = k.Role };
        }
        else if (actor.UserId is { } userId)
        {
            visible = from m in db.TenantMemberships.AsNoTracking()
                      join t in db.Tenants.AsNoTracking() on m.TenantId equals t.Id
                      where m.UserId == userId
                      select new Visible { Id = t.Id, Name = t.Name, Role = m.Role };
        }
        else
        {
            return PagedResult.Offset<TenantOverviewDto>([], query.Page, query.PageSize, 0);
        }

        var total = await visible.CountAsync(cancellationToken);
        var tenants = await visible.OrderBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        if (tenants.Count == 0)
        {
            return PagedResult.Offset<TenantOverviewDto>([], query.Page, query.PageSize, total);
        }

        var ids = tenants.Select(t => t.Id).ToList();
        var backups = await db.Runs.AsNoTracking()
            .Where(r => ids.Contains(r.TenantId) && r.Operation == RunOperations.BackupSetCapture && r.Status == RunStatus.Succeeded)
            .GroupBy(r => r.TenantId)
            .Select(g => new { TenantId = g.Key, At = g.Max(r => r.FinishedAt) })
            .ToDictionaryAsync(x => x.TenantId, x => x.At, cancellationToken);
        var drifts = await db.DriftReports.AsNoTracking()
            .Where(r => ids.Contains(r.TenantId)
                        && r.CompletedAt == db.DriftReports.Where(o => o.TenantId == r.TenantId).Max(o => o.CompletedAt))
            .ToListAsync(cancellationToken);
        var latestDrift = drifts.GroupBy(r => r.TenantId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RunId).First());
        var schedules = await db.BackupSchedules.AsNoTracking()
            .Where(s => ids.Contains(s.TenantId) && s.Enabled && s.NextRunAt != null)
            .GroupBy(s => s.TenantId)
            .Select(g => new { TenantId = g.Key, Next = g.Min(s => s.NextRunAt) })
            .ToDictionaryAsync(x => x.TenantId, x => x.Next, cancellationToken);

        var items = tenants.Select(t => new TenantOverviewDto(
            t.Id, t.Name, t.Role, backups.GetValueOrDefault(t.Id),
            latestDrift.GetValueOrDefault(t.Id) is { } d
                ? new TenantDriftOverviewDto(d.RunId, d.BaselineBackupSetId, d.Status, d.CompletedAt, d.Changed, d.Added, d.Deleted, d.Failed,
                    d.Changed + d.Added + d.Deleted > 0, DriftRunFinishedHandler.Link(t.Id, d.RunId))
                : null,
            schedules.GetValueOrDefault(t.Id))).ToList();
        return PagedResult.Offset(items, query.Page, query.PageSize, total);
    }
}
