using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Concurrency;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Tenants;
using TenantAtlas.Application.Tenants.CreateTenant;
using TenantAtlas.Application.Tenants.GetTenant;
using TenantAtlas.Application.Tenants.GetTenants;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

public static class TenantsEndpoints
{
    public static void MapTenants(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants").WithTags("Tenants");
        group.MapPost("/", CreateTenant).RequireAuthorization(ApiPolicies.MspAdmin)
            .WithSummary("Onboard a customer tenant (MSP administrators). The caller becomes its Owner.");
        group.MapGet("/", GetTenants).RequireAuthorization().WithSummary("The tenants the caller is a member of, by name, paged.");
        group.MapGet("/{tenantId}", GetTenant).RequireTenantRole(TenantRole.Reader).WithETag()
            .WithSummary("One tenant; answers an ETag (If-None-Match: 304).");
    }

    private static async Task<Created<TenantDto>> CreateTenant(CreateTenantRequest request, IMediator mediator, CancellationToken ct)
    {
        var tenant = await mediator.Send(new CreateTenantCommand(request.Name ?? "", request.EntraTenantId ?? Guid.Empty, request.GraphProfile), ct);
        return TypedResults.Created($"/api/v1/tenants/{tenant.Id}", tenant);
    }

    private static async Task<Ok<PagedResult<TenantDto>>> GetTenants(
        HttpContext http, IMediator mediator, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetTenantsQuery(page, pageSize), ct));

    private static async Task<Ok<TenantDto>> GetTenant(Guid tenantId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetTenantQuery(tenantId), ct));
}

/// <summary>Onboarding request. Credentials are never sent here: GraphProfile names configured credentials.</summary>
public sealed record CreateTenantRequest(string? Name, Guid? EntraTenantId, string? GraphProfile);
