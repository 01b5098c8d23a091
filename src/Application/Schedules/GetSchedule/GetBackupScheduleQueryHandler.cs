using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Schedules.GetSchedule;

public sealed class GetBackupScheduleQueryHandler(IAppDbContext db) : IQueryHandler<GetBackupScheduleQuery, BackupScheduleDto>
{
    public async ValueTask<BackupScheduleDto> Handle(GetBackupScheduleQuery query, CancellationToken cancellationToken)
    {
        var schedule = await db.BackupSchedules.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == query.ScheduleId && s.TenantId == query.TenantId, cancellationToken)
            ?? throw new NotFoundException("Backup schedule", query.ScheduleId);
        return BackupScheduleDto.From(schedule);
    }
}
