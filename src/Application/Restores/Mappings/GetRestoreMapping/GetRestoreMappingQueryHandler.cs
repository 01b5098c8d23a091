using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Restores.Mappings.GetRestoreMapping;

public sealed class GetRestoreMappingQueryHandler(IAppDbContext db, ITenantAccess access) : IQueryHandler<GetRestoreMappingQuery, RestoreMappingDto>
{
    public async ValueTask<RestoreMappingDto> Handle(GetRestoreMappingQuery query, CancellationToken cancellationToken)
    {
        await RestoreMappingAccess.RequireAsync(access, query.TenantId, query.SourceTenantId, TenantRole.Reader, cancellationToken);
        var mapping = await db.RestoreMappings.AsNoTracking()
            .FirstOrDefaultAsync(m => m.TenantId == query.TenantId && m.SourceTenantId == query.SourceTenantId, cancellationToken)
            ?? throw new NotFoundException("Restore mapping", query.SourceTenantId);
        return RestoreMappingDto.From(mapping);
    }
}
