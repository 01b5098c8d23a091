using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetActiveRuns;

public sealed class GetActiveRunsQueryHandler(IAppDbContext db, ICurrentActor actor) : IQueryHandler<GetActiveRunsQuery, PagedResult<ActiveRunDto>>
{
    public async ValueTask<PagedResult<ActiveRunDto>> Handle(GetActiveRunsQuery query, CancellationToken cancellationToken)
    {
        var tenants = (await VisibleTenants.ListAsync(db, actor, cancellationToken)).ToDictionary(t => t.Id, t => t.Name);
        var ids = tenants.Keys.ToList();
        var runs = db.Runs.AsNoTracking()
            .Where(r => ids.Contains(r.TenantId) && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running));
        // The caller's identity is part of the fingerprint: its tenants are the filter.
        var scope = PageCursor.Scope(RunOrders.ActiveOldestFirst.List, actor.UserId, actor.ApiKeyId);
        return await RunOrders.ActiveOldestFirst.ReadAsync(
            runs, query.Page, query.PageSize, query.Cursor, scope, r => ActiveRunDto.From(r, tenants[r.TenantId]), cancellationToken);
    }
}
