using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Audit.GetAuditLogs;

public sealed class GetAuditLogsQueryHandler(IAppDbContext db) : IQueryHandler<GetAuditLogsQuery, PagedResult<AuditLogDto>>
{
    public async ValueTask<PagedResult<AuditLogDto>> Handle(GetAuditLogsQuery query, CancellationToken cancellationToken)
    {
        var logs = db.AuditLogs.AsNoTracking().Where(a => a.TenantId == query.TenantId);
        if (query.RunId is { } runId)
        {
            logs = logs.Where(a => a.RunId == runId);
        }

        if (query.Action is { } action)
        {
            logs = logs.Where(a => a.Action == action);
        }

        var total = await logs.CountAsync(cancellationToken);
        // Ties (same instant) break on the id so paging is stable.
        var page = await logs.OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new PagedResult<AuditLogDto>(page.Select(AuditLogDto.From).ToList(), query.Page, query.PageSize, total);
    }
}
