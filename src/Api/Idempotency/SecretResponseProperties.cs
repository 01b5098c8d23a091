namespace TenantAtlas.Api.Idempotency;

/// <summary>
/// Endpoint metadata: the top-level JSON properties of this endpoint's response that hold a secret (a new
/// API key's <c>secret</c>). The Idempotency-Key middleware stores the response with these set to null, so no
/// secret is kept at rest and a replay answers without it.
/// </summary>
public sealed record SecretResponseProperties(IReadOnlyList<string> Names);
