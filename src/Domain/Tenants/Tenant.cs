namespace TenantAtlas.Domain.Tenants;

/// <summary>A customer tenant managed by the MSP. Graph credentials are referenced by profile, never stored here.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The customer's Entra tenant id used to acquire Graph tokens.</summary>
    public Guid EntraTenantId { get; set; }
    /// <summary>Name of the Graph credentials profile (configuration section), not a secret.</summary>
    public string GraphProfile { get; set; } = "default";
    public DateTimeOffset CreatedAt { get; set; }
}
