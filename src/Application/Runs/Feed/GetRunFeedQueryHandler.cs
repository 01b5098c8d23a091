using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Runs.Feed;

/// <summary>
/// The caller's tenants are resolved on every read, so a revoked membership or API key stops the feed
/// at the next poll of a long-lived stream.
/// </summary>
public sealed class GetRunFeedQueryHandler(IAppDbContext db, ICurrentActor actor) : IQueryHandler<GetRunFeedQuery, RunFeedPage>
{
    public async ValueTask<RunFeedPage> Handle(GetRunFeedQuery query, CancellationToken cancellationToken)
    {
        if (query.AfterId is not { } after)
        {
            var end = await db.RunEvents.AsNoTracking().MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
            return new RunFeedPage([], end);
        }

        var tenantIds = (await VisibleTenants.ListAsync(db, actor, cancellationToken)).Select(t => t.Id).ToList();
        if (tenantIds.Count == 0)
        {
            return new RunFeedPage([], after);
        }

        var rows = await db.RunEvents.AsNoTracking()
            .Where(e => e.Id > after && tenantIds.Contains(e.TenantId))
            .OrderBy(e => e.Id)
            .Take(query.MaxEvents)
            .ToListAsync(cancellationToken);
        if (query.SettledBefore is { } settled)
        {
            rows = rows.TakeWhile(e => e.OccurredAt <= settled).ToList();
        }

        return new RunFeedPage(rows.Select(RunFeedEvent.From).ToList(), rows.Count > 0 ? rows[^1].Id : after);
    }
}
