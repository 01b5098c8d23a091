using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.ApiKeys;

/// <summary>API keys of the tenant, newest first, paged (never their secrets).</summary>
public sealed record GetApiKeysQuery(Guid TenantId, int Page = 1, int PageSize = Paging.DefaultPageSize) : IQuery<PagedResult<ApiKeyDto>>;
