using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Tenants;

namespace TenantAtlas.Application.Security;

/// <summary>
/// The tenants the caller may see, with the caller's role, for queries without a tenant route: a user's
/// memberships, or an API key's own tenant (while the key is not revoked). Anything else sees nothing.
/// </summary>
public static class VisibleTenants
{
    public static async Task<IReadOnlyList<TenantDto>> ListAsync(IAppDbContext db, ICurrentActor actor, CancellationToken cancellationToken)
    {
        if (actor.ApiKeyId is { } keyId)
        {
            return await (
                from k in db.ApiKeys.AsNoTracking()
                join t in db.Tenants.AsNoTracking() on k.TenantId equals t.Id
                where k.Id == keyId && k.RevokedAt == null
                select new TenantDto(t.Id, t.Name, t.EntraTenantId, t.GraphProfile, t.CreatedAt, k.Role)).ToListAsync(cancellationToken);
        }

        if (actor.UserId is not { } userId)
        {
            return [];
        }

        return await (
            from m in db.TenantMemberships.AsNoTracking()
            join t in db.Tenants.AsNoTracking() on m.TenantId equals t.Id
            where m.UserId == userId
            orderby t.Name
            select new TenantDto(t.Id, t.Name, t.EntraTenantId, t.GraphProfile, t.CreatedAt, m.Role)).ToListAsync(cancellationToken);
    }
}
