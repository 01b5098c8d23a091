using FluentValidation;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.BackupSets.GetBackupSetItems;

public sealed class GetBackupSetItemsQueryValidator : AbstractValidator<GetBackupSetItemsQuery>
{
    public GetBackupSetItemsQueryValidator()
    {
        RuleFor(q => q.PolicyType)
            .Must(t => t is null || PolicyTypes.Find(t) is not null)
            .WithMessage($"Unknown policy type; use one of: {string.Join(", ", PolicyTypes.All.Select(t => t.Name))}.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
