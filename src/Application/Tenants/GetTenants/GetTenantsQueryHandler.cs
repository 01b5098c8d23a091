using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Tenants.GetTenants;

public sealed class GetTenantsQueryHandler(IAppDbContext db, ICurrentActor actor) : IQueryHandler<GetTenantsQuery, IReadOnlyList<TenantDto>>
{
    public async ValueTask<IReadOnlyList<TenantDto>> Handle(GetTenantsQuery query, CancellationToken cancellationToken)
    {
        if (actor.ApiKeyId is { } keyId)
        {
            return await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId && k.RevokedAt == null)
                .Join(db.Tenants, k => k.TenantId, t => t.Id, (k, t) => new TenantDto(t.Id, t.Name, t.EntraTenantId, t.GraphProfile, t.CreatedAt, k.Role))
                .ToListAsync(cancellationToken);
        }

        if (actor.UserId is not { } userId)
        {
            return [];
        }

        return await db.TenantMemberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Tenants, m => m.TenantId, t => t.Id, (m, t) => new TenantDto(t.Id, t.Name, t.EntraTenantId, t.GraphProfile, t.CreatedAt, m.Role))
            .OrderBy(t => t.Name)
            .ToListAsync(cancellationToken);
    }
}
