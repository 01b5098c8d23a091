namespace TenantAtlas.Application.ApiKeys;

/// <summary>
/// The new key with its secret. The secret is shown here once and never again: it is not stored, so an
/// Idempotency-Key replay of the creating request answers the same key with <c>secret: null</c>.
/// </summary>
public sealed record CreatedApiKeyDto(ApiKeyDto Key, string Secret);
