using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Schedules.Delete;

public sealed class DeleteBackupScheduleCommandHandler(IAppDbContext db) : ICommandHandler<DeleteBackupScheduleCommand>
{
    public async ValueTask<Unit> Handle(DeleteBackupScheduleCommand command, CancellationToken cancellationToken)
    {
        var deleted = await db.BackupSchedules
            .Where(s => s.Id == command.ScheduleId && s.TenantId == command.TenantId)
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? throw new NotFoundException("Backup schedule", command.ScheduleId) : Unit.Value;
    }
}
