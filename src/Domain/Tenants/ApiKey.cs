namespace TenantAtlas.Domain.Tenants;

/// <summary>An integration credential bound to one tenant. Only the SHA-256 hash of the secret is kept.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public TenantRole Role { get; set; }
    public required string KeyHash { get; set; }
    public required string Prefix { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
