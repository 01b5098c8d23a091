using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Audit.GetAuditLogs;

/// <summary>Audit records of the tenant, oldest first (the order things happened), optionally of one run or action.</summary>
public sealed record GetAuditLogsQuery(Guid TenantId, Guid? RunId = null, string? Action = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<PagedResult<AuditLogDto>>;
