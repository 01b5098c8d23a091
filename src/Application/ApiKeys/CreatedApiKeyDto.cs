namespace TenantAtlas.Application.ApiKeys;

/// <summary>The new key with its secret. The secret is shown here once and never again.</summary>
public sealed record CreatedApiKeyDto(ApiKeyDto Key, string Secret);
