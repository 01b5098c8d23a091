using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Policies.GetPolicyVersions;

/// <summary>Versions of a policy, newest first, without payloads.</summary>
public sealed record GetPolicyVersionsQuery(Guid TenantId, Guid PolicyId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<PagedResult<PolicyVersionDto>>;
