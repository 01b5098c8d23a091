using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Drift.Start;

public sealed class StartDriftCheckCommandHandler(IAppDbContext db, RunLauncher launcher, ICurrentActor actor)
    : ICommandHandler<StartDriftCheckCommand, RunDto>
{
    public const string BaselineNotReadyCode = "drift.baseline_not_ready";

    public async ValueTask<RunDto> Handle(StartDriftCheckCommand command, CancellationToken cancellationToken)
    {
        Guid baselineId;
        if (command.BackupSetId is { } named)
        {
            var status = await db.BackupSets.AsNoTracking().Where(s => s.Id == named && s.TenantId == command.TenantId)
                .Select(s => (BackupSetStatus?)s.Status).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Backup set", named);
            if (status is not (BackupSetStatus.Ready or BackupSetStatus.Partial))
            {
                throw new ConflictException(BaselineNotReadyCode, $"The backup set is {status}; a drift check compares with a Ready or Partial set.");
            }

            baselineId = named;
        }
        else
        {
            baselineId = await DriftBaseline.FindLatestAsync(db, command.TenantId, before: null, cancellationToken)
                ?? throw new ConflictException(DriftBaseline.NoBaselineCode, "The tenant has no successful (Ready) backup set to compare with; name one with backupSetId or take a backup first.");
        }

        var types = command.PolicyTypes is { Count: > 0 } t ? t.Select(n => PolicyTypes.Get(n).Name).Distinct().Order(StringComparer.Ordinal).ToList() : null;
        var result = await launcher.StartAsync(new BulkOperationRun
        {
            Id = command.RunId ?? Guid.Empty,
            TenantId = command.TenantId,
            Operation = RunOperations.PolicyDriftCheck,
            TargetId = baselineId,
            Input = new DriftCheckInput(types).ToJson(),
            IdempotencyKey = RunIdempotency.BuildKey(command.TenantId, RunOperations.PolicyDriftCheck, baselineId,
                RunIdempotency.ScopeHash(types)),
            RequestedBy = actor.Display,
            RequestedByUserId = actor.UserId,
        }, cancellationToken);
        return RunDto.From(result.Run, result.Reused);
    }
}
