using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;

namespace TenantAtlas.Application.Tenants.GetTenant;

public sealed class GetTenantQueryHandler(IAppDbContext db, ITenantAccess access) : IQueryHandler<GetTenantQuery, TenantDto>
{
    public async ValueTask<TenantDto> Handle(GetTenantQuery query, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == query.TenantId, cancellationToken)
            ?? throw new NotFoundException("Tenant", query.TenantId);
        var role = await access.GetRoleAsync(query.TenantId, cancellationToken);
        return new TenantDto(tenant.Id, tenant.Name, tenant.EntraTenantId, tenant.GraphProfile, tenant.CreatedAt, role);
    }
}
