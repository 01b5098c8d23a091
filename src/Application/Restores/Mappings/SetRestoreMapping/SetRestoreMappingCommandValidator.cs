using FluentValidation;

namespace TenantAtlas.Application.Restores.Mappings.SetRestoreMapping;

public sealed class SetRestoreMappingCommandValidator : AbstractValidator<SetRestoreMappingCommand>
{
    public SetRestoreMappingCommandValidator()
    {
        RuleFor(c => c.Body).NotNull().WithMessage("The body is a mapping document (JSON object).");
        RuleFor(c => c.SourceTenantId).NotEqual(Guid.Empty)
            .NotEqual(c => c.TenantId).WithMessage("A restore mapping maps another tenant's ids: the source must differ from the target.");
    }
}
