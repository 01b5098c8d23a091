using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Members.GetMember;

public sealed class GetTenantMemberQueryHandler(IAppDbContext db) : IQueryHandler<GetTenantMemberQuery, TenantMemberDto>
{
    public async ValueTask<TenantMemberDto> Handle(GetTenantMemberQuery query, CancellationToken cancellationToken) =>
        await TenantMemberQueries.Members(db, query.TenantId, query.UserId).FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Member", query.UserId);
}
