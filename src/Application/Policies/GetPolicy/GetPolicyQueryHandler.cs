using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Policies.GetPolicy;

public sealed class GetPolicyQueryHandler(IAppDbContext db) : IQueryHandler<GetPolicyQuery, PolicyDetailsDto>
{
    public async ValueTask<PolicyDetailsDto> Handle(GetPolicyQuery query, CancellationToken cancellationToken)
    {
        var policy = await PolicyQueries.GetAsync(db, query.TenantId, query.PolicyId, cancellationToken);
        var dto = await PolicyQueries.Project(db, db.Policies.AsNoTracking().Where(p => p.Id == policy.Id)).FirstAsync(cancellationToken);
        var latest = await db.PolicyVersions.AsNoTracking()
            .Where(v => v.PolicyId == policy.Id && v.TenantId == query.TenantId)
            .OrderByDescending(v => v.VersionNumber)
            .FirstOrDefaultAsync(cancellationToken);
        return new PolicyDetailsDto(dto, latest is null ? null : PolicyQueries.Details(policy, latest));
    }
}
