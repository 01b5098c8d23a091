using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Tenants.Overview;

public sealed class GetTenantsOverviewQueryValidator : AbstractValidator<GetTenantsOverviewQuery>
{
    public GetTenantsOverviewQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
