using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Policies.GetPolicyVersions;

public sealed class GetPolicyVersionsQueryHandler(IAppDbContext db) : IQueryHandler<GetPolicyVersionsQuery, PagedResult<PolicyVersionDto>>
{
    public async ValueTask<PagedResult<PolicyVersionDto>> Handle(GetPolicyVersionsQuery query, CancellationToken cancellationToken)
    {
        var policy = await PolicyQueries.GetAsync(db, query.TenantId, query.PolicyId, cancellationToken);
        var versions = db.PolicyVersions.AsNoTracking().Where(v => v.PolicyId == policy.Id && v.TenantId == query.TenantId);
        var total = await versions.CountAsync(cancellationToken);
        var items = await versions.OrderByDescending(v => v.VersionNumber)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(v => new PolicyVersionDto(v.Id, v.PolicyId, v.VersionNumber, v.CapturedAt, v.CapturedByRunId, v.ContentHash))
            .ToListAsync(cancellationToken);
        return PagedResult.Offset(items, query.Page, query.PageSize, total);
    }
}
