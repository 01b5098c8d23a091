using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.CancelRun;

/// <summary>Queued: cancelled at once. Running: cancel requested, honoured by the job between items. Terminal: 409.</summary>
public sealed class CancelRunCommandHandler(IAppDbContext db, RunFinalization finalization, TimeProvider time) : ICommandHandler<CancelRunCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(CancelRunCommand command, CancellationToken cancellationToken)
    {
        var run = await RunQueries.FindAsync(db, command.TenantId, command.RunId, cancellationToken, tracked: true)
            ?? throw new NotFoundException("Run", command.RunId);

        var now = time.GetUtcNow();
        switch (run.Status)
        {
            case RunStatus.Queued:
                run.CancelRequestedAt ??= now;
                run.Cancel(now);
                await finalization.ApplyAsync(db, run, cancellationToken);
                RunNotifier.StatusChanged(db, run, now);
                break;
            case RunStatus.Running:
                run.CancelRequestedAt ??= now;
                run.UpdatedAt = now;
                break;
            default:
                throw new ConflictException("run.already_finished", $"The run has already finished ({run.Status}).");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("run.state_changed", "The run changed state meanwhile; read it again and retry.");
        }

        return RunDto.From(run);
    }
}
