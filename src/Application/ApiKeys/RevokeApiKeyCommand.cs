using Mediator;

namespace TenantAtlas.Application.ApiKeys;

public sealed record RevokeApiKeyCommand(Guid TenantId, Guid ApiKeyId) : ICommand<ApiKeyDto>;
