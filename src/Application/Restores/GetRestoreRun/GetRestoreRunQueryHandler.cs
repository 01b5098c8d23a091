using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.GetRestoreRun;

public sealed class GetRestoreRunQueryHandler(IAppDbContext db) : IQueryHandler<GetRestoreRunQuery, RunDetailsDto>
{
    public async ValueTask<RunDetailsDto> Handle(GetRestoreRunQuery query, CancellationToken cancellationToken)
    {
        var run = await db.Runs.OfType<RestoreRun>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == query.RunId && r.TenantId == query.TenantId, cancellationToken)
            ?? throw new NotFoundException("Restore run", query.RunId);
        var items = await RunQueries.ItemsAsync(db, run.Id, query.ItemStatus, query.Page, query.PageSize, cancellationToken);
        return new RunDetailsDto(RunDto.From(run), items);
    }
}
