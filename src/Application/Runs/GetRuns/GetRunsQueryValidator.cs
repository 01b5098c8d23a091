using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Runs.GetRuns;

public sealed class GetRunsQueryValidator : AbstractValidator<GetRunsQuery>
{
    public GetRunsQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        RuleFor(q => q.Page * q.PageSize).LessThanOrEqualTo(10_000).WithName("page").WithMessage("Runs are listed up to the 10,000 newest; filter to narrow.");
        RuleFor(q => q.Operation).MaximumLength(64);
    }
}
