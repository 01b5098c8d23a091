using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Members;

/// <summary>The one projection of memberships joined with their users (filters and order come before it, so EF translates them).</summary>
public static class TenantMemberQueries
{
    public static IQueryable<TenantMemberDto> Members(IAppDbContext db, Guid tenantId, Guid? userId = null) =>
        from m in db.TenantMemberships.AsNoTracking()
        join u in db.Users.AsNoTracking() on m.UserId equals u.Id
        where m.TenantId == tenantId && (userId == null || m.UserId == userId)
        orderby u.Subject
        select new TenantMemberDto(u.Id, u.Subject, u.DisplayName, u.Email, m.Role, m.CreatedAt);
}
