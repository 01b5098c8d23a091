using FluentValidation;

namespace TenantAtlas.Application.Tenants.CreateTenant;

public sealed class CreateTenantCommandValidator : AbstractValidator<CreateTenantCommand>
{
    public CreateTenantCommandValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.EntraTenantId).NotEmpty();
        RuleFor(c => c.GraphProfile).MaximumLength(100).Matches("^[A-Za-z0-9_.-]*$");
    }
}
