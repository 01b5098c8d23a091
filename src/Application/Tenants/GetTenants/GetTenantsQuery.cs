using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.GetTenants;

/// <summary>The tenants the caller is a member of (an API key sees its own tenant), by name, paged.</summary>
public sealed record GetTenantsQuery(int Page = 1, int PageSize = Paging.DefaultPageSize) : IQuery<PagedResult<TenantDto>>;
