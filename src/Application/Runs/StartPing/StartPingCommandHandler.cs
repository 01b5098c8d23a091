using Mediator;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.StartPing;

public sealed class StartPingCommandHandler(RunLauncher launcher, ICurrentActor actor, TimeProvider time) : ICommandHandler<StartPingCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(StartPingCommand command, CancellationToken cancellationToken)
    {
        // Each ping is its own run: the key carries a fresh id so pings are never deduplicated.
        var id = Guid.CreateVersion7(time.GetUtcNow());
        var result = await launcher.StartAsync(new BulkOperationRun
        {
            Id = id,
            TenantId = command.TenantId,
            Operation = RunOperations.DiagnosticPing,
            IdempotencyKey = RunIdempotency.BuildKey(command.TenantId, RunOperations.DiagnosticPing, id),
            RequestedBy = actor.Display,
            RequestedByUserId = actor.UserId,
        }, cancellationToken);
        return RunDto.From(result.Run, result.Reused);
    }
}
