using FluentValidation;

namespace TenantAtlas.Application.BackupSets.Create;

public sealed class CreateBackupSetCommandValidator : AbstractValidator<CreateBackupSetCommand>
{
    public CreateBackupSetCommandValidator()
    {
        RuleFor(c => c.Name).NotEmpty().Must(n => n is null || n.Trim().Length > 0).WithMessage("'Name' must not be blank.")
            .MaximumLength(BackupSetSelectionRules.MaxNameLength);
        RuleFor(c => c.PolicyIds)
            .Must(ids => ids is { Count: > 0 }).When(c => !c.All)
            .WithMessage("Select at least one policy (policyIds), or set all: true.");
        RuleFor(c => c.PolicyIds)
            .Must(ids => ids is null || ids.Count == 0).When(c => c.All)
            .WithMessage("Send either policyIds or all: true, not both.");
        RuleFor(c => c.PolicyIds)
            .Must(ids => ids is null || ids.Count <= BackupSetSelectionRules.MaxPolicyIds)
            .WithMessage($"At most {BackupSetSelectionRules.MaxPolicyIds} policy ids per request.");
        RuleFor(c => c.PolicyIds)
            .Must(ids => ids is null || ids.All(id => id != Guid.Empty)).WithMessage("Policy ids must not be empty GUIDs.");
        RuleFor(c => c.PolicyTypes).KnownPolicyTypes();
        RuleFor(c => c.PolicyTypes).Must(t => t is null || t.Count == 0).When(c => !c.All)
            .WithMessage("policyTypes filters all: true; with explicit policyIds leave it out.");
    }
}
