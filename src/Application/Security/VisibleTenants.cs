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
    /// <summary>The visible tenants by name (then id), as a query the caller may page.</summary>
    public static IQueryable<TenantDto> Query(IAppDbContext db, ICurrentActor actor)
    {
        if (actor.ApiKeyId is { } keyId)
        {
            return
                from k in db.ApiKeys.AsNoTracking()
                join t in db.Tenants.AsNoTracking() on k.TenantId equals t.Id
                where k.Id == keyId && k.RevokedAt == null
                orderby t.Name, t.Id
                select new TenantDto(t.Id, t.Name, t.EntraTenantId, t.GraphProfile, t.CreatedAt, k.Role);
        }

        var userId = actor.UserId;
        return
            from m in db.TenantMemberships.AsNoTracking()
            join t in db.Tenants.AsNoTracking() on m.TenantId equals t.Id
            where userId != null && m.UserId == userId
            orderby t.Name, t.Id
            select new TenantDto(t.Id, t.Name, t.EntraTenantId, t.GraphProfile, t.CreatedAt, m.Role);
    }

    public static async Task<IReadOnlyList<TenantDto>> ListAsync(IAppDbContext db, ICurrentActor actor, CancellationToken cancellationToken) =>
        actor.ApiKeyId is null && actor.UserId is null ? [] : await Query(db, actor).ToListAsync(cancellationToken);
}
