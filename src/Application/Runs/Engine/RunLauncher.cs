using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// Starts runs of every kind: checks the caller holds the kind's start role, create-or-reuse through
/// <see cref="RunIdempotency"/>, commit as Queued with its first notification, then publish the kind's
/// message. The run row is the outbox: if the publish fails or the broker is down, the recovery sweeper
/// publishes it later, so a start never fails (nor waits long) because the broker is unavailable.
/// </summary>
public sealed partial class RunLauncher(
    IAppDbContext db, IRunDispatcher dispatcher, ICurrentActor actor, ITenantAccess access, TimeProvider time,
    IOptions<RunOptions> options, ILogger<RunLauncher> logger)
{
    public async Task<RunStartResult> StartAsync(Run candidate, CancellationToken cancellationToken)
    {
        var kind = RunKinds.For(candidate);
        await EnsureMayStartAsync(kind, candidate.TenantId, cancellationToken);
        var now = time.GetUtcNow();
        if (candidate.Id == Guid.Empty)
        {
            candidate.Id = Guid.CreateVersion7(now);
        }

        candidate.CreatedAt = now;
        candidate.UpdatedAt = now;
        var result = await RunIdempotency.CreateOrReuseAsync(
            db, candidate, () => RunNotifier.StatusChanged(db, candidate, now), cancellationToken);
        if (!result.Reused)
        {
            await PublishAsync(candidate, cancellationToken);
        }

        return result;
    }

    /// <summary>Publishes the run's message and stamps DispatchedAt; failures are left to the sweeper.</summary>
    public async Task PublishAsync(Run run, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.PublishTimeout);
            await dispatcher.PublishAsync(RunKinds.For(run).CreateMessage(run.Id, run.TenantId), timeout.Token);
            var now = time.GetUtcNow();
            await db.Runs.Where(r => r.Id == run.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DispatchedAt, now), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, run.Id, run.TenantId, ex.GetType().Name);
        }
    }

    /// <summary>The kind's start role, whichever path starts it (its endpoint, retry-failed, a preview's execute).</summary>
    private async Task EnsureMayStartAsync(RunKindDefinition kind, Guid tenantId, CancellationToken cancellationToken)
    {
        if (actor.IsSystem)
        {
            return;
        }

        var role = await access.GetRoleAsync(tenantId, cancellationToken);
        if (role is not { } r || r < kind.StartRole)
        {
            throw new ForbiddenException($"Starting a {kind.Operation} run requires the {kind.StartRole} role.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing run {RunId} of tenant {TenantId} failed ({ErrorType}); the recovery sweeper will publish it again")]
    private static partial void LogPublishFailed(ILogger logger, Guid runId, Guid tenantId, string errorType);
}
