using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetActiveRuns;

public sealed class GetActiveRunsQueryHandler(IAppDbContext db, ICurrentActor actor) : IQueryHandler<GetActiveRunsQuery, IReadOnlyList<ActiveRunDto>>
{
    /// <summary>Upper bound of the answer; active runs are few (one per key), this only guards the response size.</summary>
    public const int MaxRuns = 1000;

    public async ValueTask<IReadOnlyList<ActiveRunDto>> Handle(GetActiveRunsQuery query, CancellationToken cancellationToken)
    {
        var tenants = (await VisibleTenants.ListAsync(db, actor, cancellationToken)).ToDictionary(t => t.Id, t => t.Name);
        if (tenants.Count == 0)
        {
            return [];
        }

        var ids = tenants.Keys.ToList();
        var runs = await db.Runs.AsNoTracking()
            .Where(r => ids.Contains(r.TenantId) && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(MaxRuns).ToListAsync(cancellationToken);
        return runs.Select(r => ActiveRunDto.From(r, tenants[r.TenantId])).ToList();
    }
}
