using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Schedules.GetSchedules;

public sealed class GetBackupSchedulesQueryValidator : AbstractValidator<GetBackupSchedulesQuery>
{
    public GetBackupSchedulesQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
