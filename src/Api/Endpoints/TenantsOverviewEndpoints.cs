using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Tenants.Overview;

namespace TenantAtlas.Api.Endpoints;

/// <summary>The MSP overview of every visible tenant (docs/schedules-and-drift.md).</summary>
public static class TenantsOverviewEndpoints
{
    public static void MapTenantsOverview(this RouteGroupBuilder api) =>
        api.MapGet("/tenants/overview", Get).RequireAuthorization().WithTags("Tenants")
            .WithSummary("Each tenant the caller sees with its last successful backup, last drift result and next scheduled run, paged by name.");

    private static async Task<Ok<PagedResult<TenantOverviewDto>>> Get(HttpContext http, IMediator mediator, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetTenantsOverviewQuery(page, pageSize), ct));
}
