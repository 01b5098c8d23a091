using Mediator;

namespace TenantAtlas.Application.Tenants.Members.GetMember;

/// <summary>One member of the tenant; 404 when the user is not a member.</summary>
public sealed record GetTenantMemberQuery(Guid TenantId, Guid UserId) : IQuery<TenantMemberDto>;
