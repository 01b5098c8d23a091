namespace TenantAtlas.Application.Graph;

/// <summary>Which customer tenant a Graph call is for: our tenant id (limiter key) and its Entra tenant.</summary>
public sealed record GraphTenant(Guid TenantId, Guid EntraTenantId, string GraphProfile = "default");
