using FluentValidation;

namespace TenantAtlas.Application.Schedules.Update;

public sealed class UpdateBackupScheduleCommandValidator : AbstractValidator<UpdateBackupScheduleCommand>
{
    public UpdateBackupScheduleCommandValidator()
    {
        RuleFor(c => c.Name).Name();
        When(c => c.CronExpression is not null, () => RuleFor(c => c.CronExpression).Cron());
        When(c => c.TimeZone is not null, () => RuleFor(c => c.TimeZone).TimeZone());
        RuleFor(c => c.Retention).Retention();
        RuleFor(c => c.PolicyTypes).Types();
        RuleFor(c => c.Mode).IsInEnum();
    }
}
