using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Policies.GetPolicyVersions;

public sealed class GetPolicyVersionsQueryValidator : AbstractValidator<GetPolicyVersionsQuery>
{
    public GetPolicyVersionsQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
