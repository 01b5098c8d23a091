namespace TenantAtlas.Application.Security;

/// <summary>A tenant the caller may see (any role).</summary>
public sealed record VisibleTenant(Guid Id, string Name);
