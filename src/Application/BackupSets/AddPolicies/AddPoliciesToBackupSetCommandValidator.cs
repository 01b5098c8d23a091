using FluentValidation;

namespace TenantAtlas.Application.BackupSets.AddPolicies;

public sealed class AddPoliciesToBackupSetCommandValidator : AbstractValidator<AddPoliciesToBackupSetCommand>
{
    public AddPoliciesToBackupSetCommandValidator()
    {
        RuleFor(c => c.PolicyIds).Must(ids => ids is { Count: > 0 }).WithMessage("Select at least one policy.");
        RuleFor(c => c.PolicyIds)
            .Must(ids => ids is null || ids.Count <= BackupSetSelectionRules.MaxPolicyIds)
            .WithMessage($"At most {BackupSetSelectionRules.MaxPolicyIds} policy ids per request.");
        RuleFor(c => c.PolicyIds)
            .Must(ids => ids is null || ids.All(id => id != Guid.Empty)).WithMessage("Policy ids must not be empty GUIDs.");
    }
}
