using FluentValidation;

namespace TenantAtlas.Application.Schedules.Create;

public sealed class CreateBackupScheduleCommandValidator : AbstractValidator<CreateBackupScheduleCommand>
{
    public CreateBackupScheduleCommandValidator()
    {
        RuleFor(c => c.Name).NotEmpty().Name();
        RuleFor(c => c.CronExpression).Cron();
        RuleFor(c => c.TimeZone).TimeZone();
        RuleFor(c => c.Retention).Retention();
        RuleFor(c => c.PolicyTypes).Types();
        RuleFor(c => c.Mode).IsInEnum();
    }
}
