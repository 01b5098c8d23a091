using Mediator;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Policies.Sync;

public sealed class StartPolicySyncCommandHandler(RunLauncher launcher, ICurrentActor actor)
    : ICommandHandler<StartPolicySyncCommand, RunDto>
{
    public async ValueTask<RunDto> Handle(StartPolicySyncCommand command, CancellationToken cancellationToken)
    {
        // One active sync per tenant: the key has no target.
        var result = await launcher.StartAsync(new BulkOperationRun
        {
            TenantId = command.TenantId,
            Operation = RunOperations.PolicySync,
            IdempotencyKey = RunIdempotency.BuildKey(command.TenantId, RunOperations.PolicySync, null),
            RequestedBy = actor.Display,
            RequestedByUserId = actor.UserId,
        }, cancellationToken);
        return RunDto.From(result.Run, result.Reused);
    }
}
