using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Domain.Audit;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Audit.GetAuditLogs;

public sealed class GetAuditLogsQueryHandler(IAppDbContext db) : IQueryHandler<GetAuditLogsQuery, PagedResult<AuditLogDto>>
{
    // Ties (same instant) break on the id so paging is stable.
    private static readonly KeysetOrder<AuditLog> Order = new("audit-logs", a => a.OccurredAt, a => a.Id, descending: false);

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

        var scope = PageCursor.Scope(Order.List, query.TenantId, query.RunId, query.Action);
        return await Order.ReadAsync(logs, query.Page, query.PageSize, query.Cursor, scope, AuditLogDto.From, cancellationToken);
    }
}
