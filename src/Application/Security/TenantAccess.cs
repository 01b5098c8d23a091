using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Security;

/// <summary>Resolves the caller's role: an API key's own tenant and role, or the user's membership.</summary>
public sealed class TenantAccess(IAppDbContext db, ICurrentActor actor) : ITenantAccess
{
    public async Task<TenantRole?> GetRoleAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (actor.ApiKeyId is { } keyId)
        {
            return await db.ApiKeys.AsNoTracking()
                .Where(k => k.Id == keyId && k.TenantId == tenantId && k.RevokedAt == null)
                .Select(k => (TenantRole?)k.Role).FirstOrDefaultAsync(cancellationToken);
        }

        if (actor.UserId is { } userId)
        {
            return await db.TenantMemberships.AsNoTracking()
                .Where(m => m.UserId == userId && m.TenantId == tenantId)
                .Select(m => (TenantRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        }

        return null;
    }
}
