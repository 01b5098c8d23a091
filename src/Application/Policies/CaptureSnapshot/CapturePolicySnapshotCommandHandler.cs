using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Policies.CaptureSnapshot;

public sealed class CapturePolicySnapshotCommandHandler(IAppDbContext db, RunLauncher launcher, ICurrentActor actor)
    : ICommandHandler<CapturePolicySnapshotCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(CapturePolicySnapshotCommand command, CancellationToken cancellationToken)
    {
        var exists = await db.Policies.AsNoTracking()
            .AnyAsync(p => p.Id == command.PolicyId && p.TenantId == command.TenantId, cancellationToken);
        if (!exists)
        {
            throw new NotFoundException("Policy", command.PolicyId);
        }

        // Key = tenant + operation + policy: a double click while the run is active reuses it (spec T012).
        var result = await launcher.StartAsync(new BulkOperationRun
        {
            TenantId = command.TenantId,
            Operation = RunOperations.PolicyCaptureSnapshot,
            TargetId = command.PolicyId,
            IdempotencyKey = RunIdempotency.BuildKey(command.TenantId, RunOperations.PolicyCaptureSnapshot, command.PolicyId),
            RequestedBy = actor.Display,
            RequestedByUserId = actor.UserId,
        }, cancellationToken);
        return RunDto.From(result.Run, result.Reused);
    }
}
