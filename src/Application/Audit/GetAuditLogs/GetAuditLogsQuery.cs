using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Audit.GetAuditLogs;

/// <summary>Audit records of the tenant, oldest first (the order things happened), optionally of one run or action; paged by page number or by the cursor of a nextLink.</summary>
public sealed record GetAuditLogsQuery(Guid TenantId, Guid? RunId = null, string? Action = null, 
    int? Page = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null)
    : IQuery<PagedResult<AuditLogDto>>;
