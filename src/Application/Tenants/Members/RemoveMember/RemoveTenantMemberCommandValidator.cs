using FluentValidation;

namespace TenantAtlas.Application.Tenants.Members.RemoveMember;

public sealed class RemoveTenantMemberCommandValidator : AbstractValidator<RemoveTenantMemberCommand>
{
    public RemoveTenantMemberCommandValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
    }
}
