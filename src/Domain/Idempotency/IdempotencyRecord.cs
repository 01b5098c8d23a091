namespace TenantAtlas.Domain.Idempotency;

/// <summary>
/// The first response to a request sent with an <c>Idempotency-Key</c> header, kept for 24 h so a
/// retried request replays it instead of acting twice (IETF httpapi-idempotency-key-header semantics).
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; set; }
    /// <summary>Who sent it ("user:{id}" or "apikey:{id}"): keys are scoped to their caller.</summary>
    public required string Caller { get; set; }
    public required string Key { get; set; }
    /// <summary>SHA-256 of method, path, query and body: the same key with another request is refused.</summary>
    public required string Fingerprint { get; set; }
    public bool Completed { get; set; }
    public int? ResponseStatus { get; set; }
    public string? ResponseContentType { get; set; }
    public string? ResponseLocation { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
