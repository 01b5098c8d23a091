using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Overview;

/// <summary>Every tenant the caller sees with its backup, drift and schedule state, paged, ordered by name.</summary>
public sealed record GetTenantsOverviewQuery(int Page, int PageSize) : IQuery<PagedResult<TenantOverviewDto>>;
