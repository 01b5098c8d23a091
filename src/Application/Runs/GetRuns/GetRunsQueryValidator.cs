using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Runs.GetRuns;

public sealed class GetRunsQueryValidator : AbstractValidator<GetRunsQuery>
{
    public GetRunsQueryValidator()
    {
        this.ValidKeysetPaging(q => q.Page, q => q.PageSize, q => q.Cursor);
        RuleFor(q => q.Operation).MaximumLength(64);
    }
}
