using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.BackupSets.Delete;

public sealed class DeleteBackupSetCommandHandler(IAppDbContext db) : ICommandHandler<DeleteBackupSetCommand>
{
    public const string InUseCode = "backup_set.in_use";
    public const string CapturingCode = "backup_set.capturing";
    public const string HasRestoreHistoryCode = "backup_set.has_restore_history";

    public async ValueTask<Unit> Handle(DeleteBackupSetCommand command, CancellationToken cancellationToken)
    {
        var set = await db.BackupSets
            .FirstOrDefaultAsync(s => s.Id == command.BackupSetId && s.TenantId == command.TenantId, cancellationToken)
            ?? throw new NotFoundException("Backup set", command.BackupSetId);

        var restores = await db.Runs.OfType<RestoreRun>().AsNoTracking()
            .Where(r => r.BackupSetId == set.Id)
            .Select(r => r.Status)
            .ToListAsync(cancellationToken);
        if (restores.Any(RunStateMachine.IsActive))
        {
            throw new ConflictException(InUseCode, "The backup set is used by an active restore run.");
        }

        if (restores.Count > 0)
        {
            // Restore runs keep their history and reference the set.
            throw new ConflictException(HasRestoreHistoryCode, "The backup set has restore runs and is kept as their history.");
        }

        var capturing = await db.Runs.OfType<BulkOperationRun>().AsNoTracking()
            .AnyAsync(r => r.TargetId == set.Id && r.TenantId == command.TenantId &&
                           (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
        if (capturing)
        {
            throw new ConflictException(CapturingCode, "The backup set is still being captured; cancel its run or wait for it to finish.");
        }

        // Items go with the set (cascade); captured policy versions stay with their policies.
        db.BackupSets.Remove(set);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
