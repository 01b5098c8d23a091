using FluentValidation;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Tenants.CreateTenant;

public sealed class CreateTenantCommandValidator : AbstractValidator<CreateTenantCommand>
{
    public CreateTenantCommandValidator(IGraphProfiles profiles)
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.EntraTenantId).NotEmpty();
        // A profile names the app registration the tenant's Graph calls use: an unknown one would fail every run.
        RuleFor(c => c.GraphProfile).MaximumLength(100).Matches("^[A-Za-z0-9_.-]*$")
            .Must(p => string.IsNullOrWhiteSpace(p) || profiles.IsConfigured(p))
            .WithMessage("GraphProfile '{PropertyValue}' is not configured: use 'default' or a name configured under Graph:Profiles.");
    }
}
