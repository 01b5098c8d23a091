using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetRuns;

public sealed class GetRunsQueryHandler(IAppDbContext db) : IQueryHandler<GetRunsQuery, PagedResult<RunDto>>
{
    public async ValueTask<PagedResult<RunDto>> Handle(GetRunsQuery query, CancellationToken cancellationToken)
    {
        var runs = db.Runs.AsNoTracking().Where(r => r.TenantId == query.TenantId);
        runs = query.Kind switch
        {
            RunKind.Restore => runs.Where(r => r is RestoreRun),
            RunKind.BulkOperation => runs.Where(r => r is BulkOperationRun),
            _ => runs,
        };

        if (query.Operation is { } operation)
        {
            runs = runs.Where(r => r.Operation == operation);
        }

        if (query.Status is { } status)
        {
            runs = runs.Where(r => r.Status == status);
        }

        var scope = PageCursor.Scope(RunOrders.NewestFirst.List, query.TenantId, query.Kind, query.Operation, query.Status);
        return await RunOrders.NewestFirst.ReadAsync(
            runs, query.Page, query.PageSize, query.Cursor, scope, r => RunDto.From(r), cancellationToken);
    }
}
