using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Schedules.Update;

public sealed class UpdateBackupScheduleCommandHandler(IAppDbContext db, TimeProvider time, IOptions<ScheduleOptions> options)
    : ICommandHandler<UpdateBackupScheduleCommand, BackupScheduleDto>
{
    public async ValueTask<BackupScheduleDto> Handle(UpdateBackupScheduleCommand command, CancellationToken cancellationToken)
    {
        var schedule = await db.BackupSchedules
            .FirstOrDefaultAsync(s => s.Id == command.ScheduleId && s.TenantId == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("Backup schedule", command.ScheduleId);
        var now = time.GetUtcNow();
        var timing = false;
        if (command.Name is { } name)
        {
            schedule.Name = name.Trim();
        }

        if (command.CronExpression is { } cron && cron.Trim() != schedule.CronExpression)
        {
            schedule.CronExpression = cron.Trim();
            timing = true;
        }

        if (command.TimeZone is { } zone && zone.Trim() != schedule.TimeZone)
        {
            schedule.TimeZone = zone.Trim();
            timing = true;
        }

        if (command.PolicyTypes is { } types)
        {
            schedule.PolicyTypes = BackupScheduleDto.WriteTypes(types);
        }

        if (command.Mode is { } mode)
        {
            schedule.Mode = mode;
        }

        if (command.Retention is { } retention)
        {
            schedule.RetentionKeepLast = retention.KeepLast;
            schedule.RetentionMaxAgeDays = retention.MaxAgeDays;
        }

        if (command.Enabled is { } enabled && enabled != schedule.Enabled)
        {
            schedule.Enabled = enabled;
            timing = true;
        }

        if (timing)
        {
            // From now on: a changed time never starts a slot that passed while it was different (or disabled).
            ScheduleTimes.Reschedule(schedule, now, options.Value.JitterWindow);
        }

        schedule.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return BackupScheduleDto.From(schedule);
    }
}
