using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Policies.GetPolicies;

public sealed class GetPoliciesQueryHandler(IAppDbContext db) : IQueryHandler<GetPoliciesQuery, PagedResult<PolicyDto>>
{
    public async ValueTask<PagedResult<PolicyDto>> Handle(GetPoliciesQuery query, CancellationToken cancellationToken)
    {
        var policies = db.Policies.AsNoTracking().Where(p => p.TenantId == query.TenantId);
        if (!query.IncludeDeleted)
        {
            policies = policies.Where(p => p.DeletedInTenantAt == null);
        }

        if (query.PolicyType is { } type)
        {
            var name = PolicyTypes.Get(type).Name;
            policies = policies.Where(p => p.PolicyType == name);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToLower();
            policies = policies.Where(p => p.DisplayName.ToLower().Contains(search));
        }

        var total = await policies.CountAsync(cancellationToken);
        var page = await PolicyQueries.Project(db, policies.OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize))
            .ToListAsync(cancellationToken);
        return PagedResult.Offset(page, query.Page, query.PageSize, total);
    }
}
