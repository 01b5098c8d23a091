using FluentValidation;

namespace TenantAtlas.Application.Restores.Start;

public sealed class StartRestoreRunCommandValidator : AbstractValidator<StartRestoreRunCommand>
{
    public const int MaxItems = 1000;

    public StartRestoreRunCommandValidator()
    {
        RuleFor(c => c.BackupSetId).NotEmpty().WithMessage("backupSetId is required.");
        RuleFor(c => c.DryRun).NotNull().WithMessage("dryRun is required: true for a preview, false for a live restore.");
        RuleFor(c => c.BackupItemIds)
            .Must(ids => ids!.Count > 0).WithMessage("Select at least one backup item, or omit backupItemIds to restore the whole set.")
            .Must(ids => ids!.Count <= MaxItems).WithMessage($"At most {MaxItems} backup items per restore.")
            .Must(ids => ids!.All(id => id != Guid.Empty)).WithMessage("Backup item ids must not be empty.")
            .When(c => c.BackupItemIds is not null);
    }
}
