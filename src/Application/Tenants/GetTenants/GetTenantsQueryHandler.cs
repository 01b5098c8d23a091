using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Tenants.GetTenants;

public sealed class GetTenantsQueryHandler(IAppDbContext db, ICurrentActor actor) : IQueryHandler<GetTenantsQuery, PagedResult<TenantDto>>
{
    public async ValueTask<PagedResult<TenantDto>> Handle(GetTenantsQuery query, CancellationToken cancellationToken)
    {
        var tenants = VisibleTenants.Query(db, actor);
        var total = await tenants.CountAsync(cancellationToken);
        var page = await tenants.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return PagedResult.Offset(page, query.Page, query.PageSize, total);
    }
}
