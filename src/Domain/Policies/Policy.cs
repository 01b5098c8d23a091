namespace TenantAtlas.Domain.Policies;

/// <summary>An Intune policy known from inventory sync.</summary>
public sealed class Policy
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string GraphId { get; set; }
    public required string PolicyType { get; set; }
    public required string DisplayName { get; set; }
    public string? Platform { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? DeletedInTenantAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
