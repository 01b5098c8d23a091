using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.BackupSets.AddPolicies;

public sealed class AddPoliciesToBackupSetCommandHandler(IAppDbContext db, RunLauncher launcher, ICurrentActor actor)
    : ICommandHandler<AddPoliciesToBackupSetCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(AddPoliciesToBackupSetCommand command, CancellationToken cancellationToken)
    {
        var exists = await db.BackupSets.AsNoTracking()
            .AnyAsync(s => s.Id == command.BackupSetId && s.TenantId == command.TenantId, cancellationToken);
        if (!exists)
        {
            throw new NotFoundException("Backup set", command.BackupSetId);
        }

        var ids = command.PolicyIds!.Distinct().ToList();
        await BackupSetSelectionRules.EnsureKnownAsync(db, command.TenantId, ids, cancellationToken);

        // Key = tenant + operation + set + selection: the same selection while its run is active reuses it.
        var scope = RunIdempotency.ScopeHash(ids.Select(id => id.ToString("D")));
        var result = await launcher.StartAsync(new BulkOperationRun
        {
            TenantId = command.TenantId,
            Operation = RunOperations.BackupSetAddPolicies,
            TargetId = command.BackupSetId,
            Input = new BackupSetSelection(ids).ToJson(),
            IdempotencyKey = RunIdempotency.BuildKey(command.TenantId, RunOperations.BackupSetAddPolicies, command.BackupSetId, scope),
            RequestedBy = actor.Display,
            RequestedByUserId = actor.UserId,
        }, cancellationToken);
        return RunDto.From(result.Run, result.Reused);
    }
}
