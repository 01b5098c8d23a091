using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Audit;
using TenantAtlas.Application.Audit.GetAuditLogs;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

public static class AuditLogsEndpoints
{
    public static void MapAuditLogs(this RouteGroupBuilder api)
    {
        // Operator, not Reader: audit rows name actors (users, API keys) and describe every write made to the
        // customer tenant; run outcomes are already visible to Readers through the run endpoints.
        api.MapGet("/tenants/{tenantId}/audit-logs", List).RequireTenantRole(TenantRole.Operator).WithTags("Audit")
            .WithSummary("Audit records of the tenant in the order they happened; filter by runId or action; paged by cursor (follow nextLink).");
    }

    private static async Task<Ok<PagedResult<AuditLogDto>>> List(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct,
        Guid? runId = null, string? action = null, int? page = null, int pageSize = Paging.DefaultPageSize, string? cursor = null) =>
        PageResults.Ok(http, await mediator.Send(new GetAuditLogsQuery(tenantId, runId, action, page, pageSize, cursor), ct));
}
