using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetRuns;

public sealed class GetRunsQueryHandler(IAppDbContext db) : IQueryHandler<GetRunsQuery, PagedResult<RunDto>>
{
    public async ValueTask<PagedResult<RunDto>> Handle(GetRunsQuery query, CancellationToken cancellationToken)
    {
        var window = query.Page * query.PageSize;
        var runs = new List<Run>();
        var total = 0;

        if (query.Kind is null or RunKind.BulkOperation && !IsRestoreOperation(query.Operation))
        {
            var bulk = db.BulkOperationRuns.AsNoTracking().Where(r => r.TenantId == query.TenantId);
            if (query.Operation is { } op)
            {
                bulk = bulk.Where(r => r.Operation == op);
            }

            if (query.Status is { } status)
            {
                bulk = bulk.Where(r => r.Status == status);
            }

            total += await bulk.CountAsync(cancellationToken);
            runs.AddRange(await bulk.OrderByDescending(r => r.CreatedAt).Take(window).ToListAsync(cancellationToken));
        }

        if (query.Kind is null or RunKind.Restore && (query.Operation is null || IsRestoreOperation(query.Operation)))
        {
            var restore = db.RestoreRuns.AsNoTracking().Where(r => r.TenantId == query.TenantId);
            if (query.Operation is { } op)
            {
                var dryRun = op == RunOperations.RestorePreview;
                restore = restore.Where(r => r.IsDryRun == dryRun);
            }

            if (query.Status is { } status)
            {
                restore = restore.Where(r => r.Status == status);
            }

            total += await restore.CountAsync(cancellationToken);
            runs.AddRange(await restore.OrderByDescending(r => r.CreatedAt).Take(window).ToListAsync(cancellationToken));
        }

        var page = runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(r => RunDto.From(r)).ToList();
        return new PagedResult<RunDto>(page, query.Page, query.PageSize, total);
    }

    private static bool IsRestoreOperation(string? operation) =>
        operation is RunOperations.Restore or RunOperations.RestorePreview;
}
