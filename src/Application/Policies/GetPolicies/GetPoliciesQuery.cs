using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Policies.GetPolicies;

/// <summary>Policies of the tenant, by name; optional type filter and name search; deleted ones only on request.</summary>
public sealed record GetPoliciesQuery(
    Guid TenantId, string? PolicyType = null, string? Search = null, bool IncludeDeleted = false,
    int Page = 1, int PageSize = Paging.DefaultPageSize) : IQuery<PagedResult<PolicyDto>>;
