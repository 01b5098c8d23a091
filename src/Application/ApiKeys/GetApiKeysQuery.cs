using Mediator;

namespace TenantAtlas.Application.ApiKeys;

public sealed record GetApiKeysQuery(Guid TenantId) : IQuery<IReadOnlyList<ApiKeyDto>>;
