using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Members.GetMembers;

/// <summary>The members of the tenant with their roles, ordered by subject, paged.</summary>
public sealed record GetTenantMembersQuery(Guid TenantId, int Page = 1, int PageSize = Paging.DefaultPageSize) : IQuery<PagedResult<TenantMemberDto>>;
