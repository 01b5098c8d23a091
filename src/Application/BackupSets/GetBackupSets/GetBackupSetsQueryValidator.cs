using FluentValidation;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.BackupSets.GetBackupSets;

public sealed class GetBackupSetsQueryValidator : AbstractValidator<GetBackupSetsQuery>
{
    public GetBackupSetsQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
