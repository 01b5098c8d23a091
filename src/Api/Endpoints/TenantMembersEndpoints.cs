using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantAtlas.Api.Concurrency;
using TenantAtlas.Api.Security;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Tenants.Members;
using TenantAtlas.Application.Tenants.Members.GetMember;
using TenantAtlas.Application.Tenants.Members.GetMembers;
using TenantAtlas.Application.Tenants.Members.RemoveMember;
using TenantAtlas.Application.Tenants.Members.SetMember;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Endpoints;

public static class TenantMembersEndpoints
{
    public static void MapTenantMembers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId}/members").WithTags("Tenant members")
            .RequireTenantRole(TenantRole.Owner, allowMspAdmin: true);
        group.MapGet("/", List).WithSummary("Members of the tenant and their roles, paged (Owner, or any MSP administrator).");
        group.MapGet("/{userId}", Get).WithETag().WithSummary("One member of the tenant; answers an ETag (If-None-Match: 304).");
        group.MapPut("/{userId}", Set).WithIfMatch(CurrentMember)
            .WithSummary("Make a user (one that signed in once) a member with the given role, or change its role; 201 when added. Demoting the last Owner is 409 member.last_owner. If-Match (the ETag of GET) is honoured, 412 on mismatch.");
        group.MapDelete("/{userId}", Remove).WithIfMatch(CurrentMember)
            .WithSummary("Remove a member; removing the last Owner is 409 member.last_owner. If-Match (the ETag of GET) is honoured, 412 on mismatch.");
    }

    private static GetTenantMemberQuery CurrentMember(HttpContext http) => new(http.RouteGuid("tenantId"), http.RouteGuid("userId"));

    private static async Task<Ok<PagedResult<TenantMemberDto>>> List(
        Guid tenantId, HttpContext http, IMediator mediator, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize) =>
        PageResults.Ok(http, await mediator.Send(new GetTenantMembersQuery(tenantId, page, pageSize), ct));

    private static async Task<Ok<TenantMemberDto>> Get(Guid tenantId, Guid userId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetTenantMemberQuery(tenantId, userId), ct));

    private static async Task<Results<Created<TenantMemberDto>, Ok<TenantMemberDto>>> Set(
        Guid tenantId, Guid userId, SetTenantMemberRequest request, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new SetTenantMemberCommand(tenantId, userId, request.Role), ct);
        return result.Created
            ? TypedResults.Created($"/api/v1/tenants/{tenantId}/members/{userId}", result.Member)
            : TypedResults.Ok(result.Member);
    }

    private static async Task<NoContent> Remove(Guid tenantId, Guid userId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RemoveTenantMemberCommand(tenantId, userId), ct);
        return TypedResults.NoContent();
    }
}

/// <summary>The role a member acts with in the tenant: exactly one of Reader, Operator, Owner.</summary>
public sealed record SetTenantMemberRequest(TenantRole? Role);
