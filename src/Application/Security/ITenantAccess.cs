using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Security;

/// <summary>The caller's role in a tenant, or null without membership.</summary>
public interface ITenantAccess
{
    Task<TenantRole?> GetRoleAsync(Guid tenantId, CancellationToken cancellationToken);
}
