using Mediator;

namespace TenantAtlas.Application.ApiKeys;

public sealed record GetApiKeyQuery(Guid TenantId, Guid ApiKeyId) : IQuery<ApiKeyDto>;
