using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Members.GetMembers;

public sealed class GetTenantMembersQueryHandler(IAppDbContext db) : IQueryHandler<GetTenantMembersQuery, PagedResult<TenantMemberDto>>
{
    public async ValueTask<PagedResult<TenantMemberDto>> Handle(GetTenantMembersQuery query, CancellationToken cancellationToken)
    {
        // An MSP administrator passes authorization for any tenant id, so the tenant may not exist.
        if (!await db.Tenants.AnyAsync(t => t.Id == query.TenantId, cancellationToken))
        {
            throw new NotFoundException("Tenant", query.TenantId);
        }

        var members = TenantMemberQueries.Members(db, query.TenantId);
        var total = await members.CountAsync(cancellationToken);
        var page = await members.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return PagedResult.Offset(page, query.Page, query.PageSize, total);
    }
}
