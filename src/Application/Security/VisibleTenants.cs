using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Security;

/// <summary>
/// The tenants the caller may see, for queries without a tenant route: a user's memberships, or an API
/// key's own tenant (while the key is not revoked). Anything else sees nothing.
/// </summary>
public static class VisibleTenants
{
    public static async Task<IReadOnlyList<VisibleTenant>> ListAsync(IAppDbContext db, ICurrentActor actor, CancellationToken cancellationToken)
    {
        if (actor.ApiKeyId is { } keyId)
        {
            return await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId && k.RevokedAt == null)
                .Join(db.Tenants, k => k.TenantId, t => t.Id, (k, t) => new VisibleTenant(t.Id, t.Name))
                .ToListAsync(cancellationToken);
        }

        if (actor.UserId is not { } userId)
        {
            return [];
        }

        return await (
            from m in db.TenantMemberships.AsNoTracking()
            join t in db.Tenants.AsNoTracking() on m.TenantId equals t.Id
            where m.UserId == userId
            select new VisibleTenant(t.Id, t.Name)).ToListAsync(cancellationToken);
    }
}
