using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// Who may start a restore: Operator on the target for a preview, Owner for a live restore, and for a cross-tenant
/// run at least Reader on the source tenant too (its backup is read, nothing of it is written). Refused as 403 either
/// way, so a caller learns nothing about a tenant it is no member of.
/// </summary>
public static class RestoreAuthorization
{
    public static async Task RequireAsync(ITenantAccess access, Guid targetTenantId, Guid? sourceTenantId, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var role = await access.GetRoleAsync(targetTenantId, cancellationToken);
        var required = dryRun ? TenantRole.Operator : TenantRole.Owner;
        if (role is not { } r || r < required)
        {
            throw new ForbiddenException(dryRun
                ? "Starting a restore preview requires the Operator role."
                : "Starting a live restore requires the Owner role; an Operator may start a preview (dryRun: true).");
        }

        if (sourceTenantId is { } source && source != targetTenantId && await access.GetRoleAsync(source, cancellationToken) is null)
        {
            throw new ForbiddenException("A cross-tenant restore requires at least the Reader role on the source tenant.");
        }
    }
}
