using FluentValidation;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Policies.GetPolicies;

public sealed class GetPoliciesQueryValidator : AbstractValidator<GetPoliciesQuery>
{
    public GetPoliciesQueryValidator()
    {
        RuleFor(q => q.PolicyType)
            .Must(t => t is null || PolicyTypes.Find(t) is not null)
            .WithMessage($"Unknown policy type; use one of: {string.Join(", ", PolicyTypes.All.Select(t => t.Name))}.");
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
