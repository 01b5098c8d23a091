using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Restores.GetRestoreRuns;

public sealed class GetRestoreRunsQueryValidator : AbstractValidator<GetRestoreRunsQuery>
{
    public GetRestoreRunsQueryValidator()
    {
        this.ValidKeysetPaging(q => q.Page, q => q.PageSize, q => q.Cursor);
    }
}
