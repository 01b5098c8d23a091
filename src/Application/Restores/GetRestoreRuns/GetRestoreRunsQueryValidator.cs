using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Restores.GetRestoreRuns;

public sealed class GetRestoreRunsQueryValidator : AbstractValidator<GetRestoreRunsQuery>
{
    public GetRestoreRunsQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
