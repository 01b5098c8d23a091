using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Policies.GetPolicyVersion;

public sealed class GetPolicyVersionQueryHandler(IAppDbContext db) : IQueryHandler<GetPolicyVersionQuery, PolicyVersionDetailsDto>
{
    public async ValueTask<PolicyVersionDetailsDto> Handle(GetPolicyVersionQuery query, CancellationToken cancellationToken)
    {
        var policy = await PolicyQueries.GetAsync(db, query.TenantId, query.PolicyId, cancellationToken);
        var version = await db.PolicyVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.PolicyId == policy.Id && v.TenantId == query.TenantId && v.VersionNumber == query.VersionNumber, cancellationToken)
            ?? throw new NotFoundException("Policy version", query.VersionNumber);
        return PolicyQueries.Details(policy, version);
    }
}
