using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Members.GetMembers;

public sealed class GetTenantMembersQueryHandler(IAppDbContext db) : IQueryHandler<GetTenantMembersQuery, IReadOnlyList<TenantMemberDto>>
{
    public async ValueTask<IReadOnlyList<TenantMemberDto>> Handle(GetTenantMembersQuery query, CancellationToken cancellationToken)
    {
        // An MSP administrator passes authorization for any tenant id, so the tenant may not exist.
        if (!await db.Tenants.AnyAsync(t => t.Id == query.TenantId, cancellationToken))
        {
            throw new NotFoundException("Tenant", query.TenantId);
        }

        return await TenantMemberQueries.Members(db, query.TenantId).ToListAsync(cancellationToken);
    }
}
