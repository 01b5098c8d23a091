using FluentValidation;
using TenantAtlas.Application.Restores.Start;

namespace TenantAtlas.Application.Restores.Deployments;

public sealed class StartRestoreDeploymentCommandValidator : AbstractValidator<StartRestoreDeploymentCommand>
{
    public const int MaxTargets = 100;

    public StartRestoreDeploymentCommandValidator()
    {
        RuleFor(c => c.SourceTenantId).NotEmpty().WithMessage("sourceTenantId is required.");
        RuleFor(c => c.BackupSetId).NotEmpty().WithMessage("backupSetId is required.");
        RuleFor(c => c.DryRun).NotNull().WithMessage("dryRun is required: true for previews, false for live restores.");
        RuleFor(c => c.TargetTenantIds).NotNull().WithMessage("targets is required: the tenants to restore into.");
        RuleFor(c => c.TargetTenantIds)
            .Must(t => t!.Count is > 0 and <= MaxTargets).WithMessage($"Give 1 to {MaxTargets} target tenants.")
            .Must(t => t!.All(id => id != Guid.Empty)).WithMessage("Target tenant ids must not be empty.")
            .Must(t => t!.Distinct().Count() == t!.Count).WithMessage("Each target tenant once.")
            .Must((c, t) => !t!.Contains(c.SourceTenantId)).WithMessage("The source tenant is not a target of its own deployment; restore it with POST /tenants/{id}/restore-runs.")
            .When(c => c.TargetTenantIds is not null);
        RuleFor(c => c.BackupItemIds)
            .Must(ids => ids!.Count is > 0 and <= StartRestoreRunCommandValidator.MaxItems)
            .WithMessage($"Select 1 to {StartRestoreRunCommandValidator.MaxItems} backup items, or omit backupItemIds for the whole set.")
            .When(c => c.BackupItemIds is not null);
        RuleFor(c => c.UnmappedAssignments)
            .Must(v => v is null || string.Equals(v, StartRestoreRunCommand.Drop, StringComparison.OrdinalIgnoreCase)
                || string.Equals(v, StartRestoreRunCommand.Fail, StringComparison.OrdinalIgnoreCase))
            .WithMessage("unmappedAssignments is \"drop\" (default) or \"fail\".");
    }
}
