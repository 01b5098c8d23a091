using Mediator;

namespace TenantAtlas.Application.Tenants.Members.GetMembers;

/// <summary>Every member of the tenant with its role, ordered by subject.</summary>
public sealed record GetTenantMembersQuery(Guid TenantId) : IQuery<IReadOnlyList<TenantMemberDto>>;
