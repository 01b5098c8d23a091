using Mediator;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Application.Schedules.Create;

public sealed class CreateBackupScheduleCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider time, IOptions<ScheduleOptions> options)
    : ICommandHandler<CreateBackupScheduleCommand, BackupScheduleDto>
{
    public async ValueTask<BackupScheduleDto> Handle(CreateBackupScheduleCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var schedule = new BackupSchedule
        {
            Id = Guid.CreateVersion7(now),
            TenantId = command.TenantId,
            Name = command.Name!.Trim(),
            CronExpression = command.CronExpression!.Trim(),
            TimeZone = command.TimeZone!.Trim(),
            PolicyTypes = BackupScheduleDto.WriteTypes(command.PolicyTypes),
            Mode = command.Mode,
            RetentionKeepLast = command.Retention?.KeepLast,
            RetentionMaxAgeDays = command.Retention?.MaxAgeDays,
            Enabled = command.Enabled,
            CreatedBy = actor.Display,
            CreatedByUserId = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ScheduleTimes.Reschedule(schedule, now, options.Value.JitterWindow);
        db.BackupSchedules.Add(schedule);
        await db.SaveChangesAsync(cancellationToken);
        return BackupScheduleDto.From(schedule);
    }
}
