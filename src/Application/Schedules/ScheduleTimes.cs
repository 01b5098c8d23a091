using FluentValidation;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Application.Schedules;

/// <summary>Computes a schedule's next due time from its cron expression, time zone and jitter.</summary>
public static class ScheduleTimes
{
    /// <summary>Sets NextRunAt to the first due time after <paramref name="now"/> (null while disabled); refuses a cron that never fires.</summary>
    public static void Reschedule(BackupSchedule schedule, DateTimeOffset now, TimeSpan jitterWindow)
    {
        var (cron, zone) = Parse(schedule);
        var next = ScheduleCron.NextDue(cron, zone, ScheduleCron.Jitter(schedule.Id, jitterWindow), now);
        if (next is null)
        {
            throw new ValidationException([ScheduleRules.NeverFires()]);
        }

        schedule.NextRunAt = schedule.Enabled ? next : null;
    }

    public static (Cronos.CronExpression Cron, TimeZoneInfo Zone) Parse(BackupSchedule schedule) =>
        (ScheduleCron.TryParse(schedule.CronExpression) ?? throw new InvalidOperationException($"Schedule {schedule.Id} has an invalid cron expression."),
            ScheduleCron.TryFindTimeZone(schedule.TimeZone) ?? throw new InvalidOperationException($"Schedule {schedule.Id} has an unknown time zone."));
}
