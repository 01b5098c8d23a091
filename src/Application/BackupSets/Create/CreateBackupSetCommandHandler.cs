using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.BackupSets.Create;

public sealed class CreateBackupSetCommandHandler(IAppDbContext db, RunLauncher launcher, ICurrentActor actor, TimeProvider time)
    : ICommandHandler<CreateBackupSetCommand, BackupSetStartedDto>
{
    public async ValueTask<BackupSetStartedDto> Handle(CreateBackupSetCommand command, CancellationToken cancellationToken)
    {
        BackupSetSelection selection;
        if (command.All)
        {
            var types = command.PolicyTypes is { Count: > 0 } t ? t.Select(n => PolicyTypes.Get(n).Name).Distinct().ToList() : null;
            var any = await db.Policies.AsNoTracking()
                .Where(p => p.TenantId == command.TenantId && p.DeletedInTenantAt == null)
                .Where(p => types == null || types.Contains(p.PolicyType))
                .AnyAsync(cancellationToken);
            if (!any)
            {
                throw new ValidationException([new ValidationFailure("All", "No policies match the selection; run an inventory sync first.")]);
            }

            selection = new BackupSetSelection(null, All: true, types);
        }
        else
        {
            var ids = command.PolicyIds!.Distinct().ToList();
            await BackupSetSelectionRules.EnsureKnownAsync(db, command.TenantId, ids, cancellationToken);
            selection = new BackupSetSelection(ids);
        }

        var now = time.GetUtcNow();
        var set = new BackupSet
        {
            Id = Guid.CreateVersion7(now),
            TenantId = command.TenantId,
            Name = command.Name.Trim(),
            Status = BackupSetStatus.Capturing,
            CreatedBy = actor.Display,
            CreatedAt = now,
        };

        // The set is saved in the same unit of work as its run (and the run's first notification).
        db.BackupSets.Add(set);
        var result = await launcher.StartAsync(new BulkOperationRun
        {
            TenantId = command.TenantId,
            Operation = RunOperations.BackupSetCapture,
            TargetId = set.Id,
            Input = selection.ToJson(),
            IdempotencyKey = RunIdempotency.BuildKey(command.TenantId, RunOperations.BackupSetCapture, set.Id),
            RequestedBy = actor.Display,
            RequestedByUserId = actor.UserId,
        }, cancellationToken);
        return new BackupSetStartedDto(BackupSetDto.From(set), RunDto.From(result.Run, result.Reused));
    }
}
