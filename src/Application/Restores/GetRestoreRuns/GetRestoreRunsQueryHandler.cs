using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.GetRestoreRuns;

public sealed class GetRestoreRunsQueryHandler(IAppDbContext db) : IQueryHandler<GetRestoreRunsQuery, PagedResult<RunDto>>
{
    public async ValueTask<PagedResult<RunDto>> Handle(GetRestoreRunsQuery query, CancellationToken cancellationToken)
    {
        var runs = db.Runs.OfType<RestoreRun>().AsNoTracking().Where(r => r.TenantId == query.TenantId);
        if (query.DryRun is { } dryRun)
        {
            runs = runs.Where(r => r.IsDryRun == dryRun);
        }

        if (query.Status is { } status)
        {
            runs = runs.Where(r => r.Status == status);
        }

        if (query.BackupSetId is { } setId)
        {
            runs = runs.Where(r => r.BackupSetId == setId);
        }

        var scope = PageCursor.Scope(RunOrders.RestoresNewestFirst.List, query.TenantId, query.DryRun, query.Status, query.BackupSetId);
        return await RunOrders.RestoresNewestFirst.ReadAsync(
            runs, query.Page, query.PageSize, query.Cursor, scope, r => RunDto.From(r), cancellationToken);
    }
}
