using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Drift.GetReport;

public sealed class GetDriftReportQueryValidator : AbstractValidator<GetDriftReportQuery>
{
    public GetDriftReportQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        RuleFor(q => q.Action).Must(a => a is null || DriftActions.All.Contains(a) || a == "failed")
            .WithMessage($"Unknown action; use any of: {string.Join(", ", DriftActions.All)}, failed.");
    }
}
