using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Security;

/// <summary>Endpoint metadata naming the minimum tenant role; the authorization matrix test reads it.</summary>
public sealed record TenantRoleMetadata(TenantRole MinimumRole);
