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

        var total = await runs.CountAsync(cancellationToken);
        var page = await runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new PagedResult<RunDto>(page.Select(r => RunDto.From(r)).ToList(), query.Page, query.PageSize, total);
    }
}
