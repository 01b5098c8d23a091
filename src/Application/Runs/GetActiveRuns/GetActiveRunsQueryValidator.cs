using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Runs.GetActiveRuns;

public sealed class GetActiveRunsQueryValidator : AbstractValidator<GetActiveRunsQuery>
{
    public GetActiveRunsQueryValidator() => this.ValidKeysetPaging(q => q.Page, q => q.PageSize, q => q.Cursor);
}
