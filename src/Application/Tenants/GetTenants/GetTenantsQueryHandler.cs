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

        return await (
            from m in db.TenantMemberships.AsNoTracking()
            join t in db.Tenants.AsNoTracking() on m.TenantId equals t.Id
            where m.UserId == userId
            orderby t.Name
            select new TenantDto(t.Id, t.Name, t.EntraTenantId, t.GraphProfile, t.CreatedAt, m.Role)).ToListAsync(cancellationToken);
    }
}
