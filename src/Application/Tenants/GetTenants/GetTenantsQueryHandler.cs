using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Tenants.GetTenants;

public sealed class GetTenantsQueryHandler(IAppDbContext db, ICurrentActor actor) : IQueryHandler<GetTenantsQuery, IReadOnlyList<TenantDto>>
{
    public async ValueTask<IReadOnlyList<TenantDto>> Handle(GetTenantsQuery query, CancellationToken cancellationToken) =>
        await VisibleTenants.ListAsync(db, actor, cancellationToken);
}
