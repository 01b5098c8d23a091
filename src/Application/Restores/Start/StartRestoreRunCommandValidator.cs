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
        RuleFor(c => c.UnmappedAssignments)
            .Must(v => v is null || string.Equals(v, StartRestoreRunCommand.Drop, StringComparison.OrdinalIgnoreCase)
                || string.Equals(v, StartRestoreRunCommand.Fail, StringComparison.OrdinalIgnoreCase))
            .WithMessage("unmappedAssignments is \"drop\" (default: left out and reported on the item) or \"fail\" (the item fails).");
        RuleFor(c => c.UnmappedAssignments).Null()
            .WithMessage("unmappedAssignments applies to a cross-tenant restore only (give sourceTenantId).")
            .When(c => c.SourceTenantId is null || c.SourceTenantId == c.TenantId);
        RuleFor(c => c.CreateMissingReferences).Equal(false)
            .WithMessage("createMissingReferences applies to a cross-tenant restore only (give sourceTenantId).")
            .When(c => c.SourceTenantId is null || c.SourceTenantId == c.TenantId);
        RuleFor(c => c.SourceTenantId).NotEqual(Guid.Empty).WithMessage("sourceTenantId must not be empty.");
    }
}
