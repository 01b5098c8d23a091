using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Restores.Mappings;

/// <summary>
/// A mapping document is the target's (its route requires the role there: Reader to read, Owner to change, since it
/// decides what restores write) and names the source's objects, so the caller needs at least Reader on the source too.
/// </summary>
internal static class RestoreMappingAccess
{
    public static async Task RequireAsync(ITenantAccess access, Guid tenantId, Guid sourceTenantId, TenantRole onTarget, CancellationToken cancellationToken)
    {
        if (await access.GetRoleAsync(tenantId, cancellationToken) is not { } role || role < onTarget)
        {
            throw new ForbiddenException($"This requires the {onTarget} role on the tenant.");
        }

        if (await access.GetRoleAsync(sourceTenantId, cancellationToken) is null)
        {
            throw new ForbiddenException("A restore mapping requires at least the Reader role on its source tenant.");
        }
    }
}
