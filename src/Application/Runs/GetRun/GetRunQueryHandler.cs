using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Runs.GetRun;

public sealed class GetRunQueryHandler(IAppDbContext db) : IQueryHandler<GetRunQuery, RunDetailsDto>
{
    public async ValueTask<RunDetailsDto> Handle(GetRunQuery query, CancellationToken cancellationToken)
    {
        var run = await RunQueries.FindAsync(db, query.TenantId, query.RunId, cancellationToken)
            ?? throw new NotFoundException("Run", query.RunId);
        var items = await RunQueries.ItemsAsync(db, run.Id, query.ItemStatus, query.Page, query.PageSize, cancellationToken);
        return new RunDetailsDto(RunDto.From(run), items);
    }
}
