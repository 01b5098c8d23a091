using FluentValidation;
using TenantAtlas.Application.BackupSets;

namespace TenantAtlas.Application.Drift.Start;

public sealed class StartDriftCheckCommandValidator : AbstractValidator<StartDriftCheckCommand>
{
    public StartDriftCheckCommandValidator()
    {
        RuleFor(c => c.BackupSetId).Must(id => id != Guid.Empty).WithMessage("'backupSetId' must not be an empty GUID.");
        RuleFor(c => c.PolicyTypes).KnownPolicyTypes();
    }
}
