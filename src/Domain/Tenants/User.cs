namespace TenantAtlas.Domain.Tenants;

/// <summary>A person signing in through the OIDC authority; identified by the token's subject.</summary>
public sealed class User
{
    public Guid Id { get; set; }
    public required string Subject { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    /// <summary>MSP administrators may onboard tenants.</summary>
    public bool IsMspAdmin { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
