using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Restores.GetRestoreRun;

public sealed class GetRestoreRunQueryValidator : AbstractValidator<GetRestoreRunQuery>
{
    public GetRestoreRunQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
