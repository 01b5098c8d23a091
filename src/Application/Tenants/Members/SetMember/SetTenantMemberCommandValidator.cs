using FluentValidation;

namespace TenantAtlas.Application.Tenants.Members.SetMember;

public sealed class SetTenantMemberCommandValidator : AbstractValidator<SetTenantMemberCommand>
{
    public SetTenantMemberCommandValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.Role).NotNull().WithMessage("Role is required: Reader, Operator or Owner.").IsInEnum();
    }
}
