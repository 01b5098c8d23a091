using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Security;

/// <summary>
/// Resolves the caller's role: an API key's own tenant and role, or the user's membership. Scoped, and
/// remembered per tenant for the scope, so the route's check and the run launcher's check cost one query.
/// </summary>
public sealed class TenantAccess(IAppDbContext db, ICurrentActor actor) : ITenantAccess
{
    private readonly Dictionary<Guid, TenantRole?> resolved = [];

    public async Task<TenantRole?> GetRoleAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (resolved.TryGetValue(tenantId, out var known))
        {
            return known;
        }

        var role = await ResolveAsync(tenantId, cancellationToken);
        resolved[tenantId] = role;
        return role;
    }

    private async Task<TenantRole?> ResolveAsync(Guid tenantId, CancellationToken cancellationToken)
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
