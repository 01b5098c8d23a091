using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Runs.GetRun;

public sealed class GetRunQueryValidator : AbstractValidator<GetRunQuery>
{
    public GetRunQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
