using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>
/// Starts runs: create-or-reuse through <see cref="RunIdempotency"/>, commit as Queued with its first
/// notification, then publish. The run row is the outbox: if the publish fails, the recovery sweeper
/// publishes it later, so a start never fails because the broker is briefly unavailable.
/// </summary>
public sealed partial class RunLauncher(
    IAppDbContext db, IRunDispatcher dispatcher, TimeProvider time, ILogger<RunLauncher> logger)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public Task<RunStartResult<BulkOperationRun>> StartAsync(BulkOperationRun candidate, CancellationToken cancellationToken) =>
        StartAsync(db.BulkOperationRuns, candidate, cancellationToken);

    public Task<RunStartResult<RestoreRun>> StartAsync(RestoreRun candidate, CancellationToken cancellationToken) =>
        StartAsync(db.RestoreRuns, candidate, cancellationToken);

    private async Task<RunStartResult<TRun>> StartAsync<TRun>(DbSet<TRun> set, TRun candidate, CancellationToken cancellationToken)
        where TRun : Run
    {
        var now = time.GetUtcNow();
        if (candidate.Id == Guid.Empty)
        {
            candidate.Id = Guid.CreateVersion7(now);
        }

        candidate.CreatedAt = now;
        candidate.UpdatedAt = now;
        var result = await RunIdempotency.CreateOrReuseAsync(
            db, set, candidate, () => RunNotifier.StatusChanged(db, candidate, now), cancellationToken);
        if (!result.Reused)
        {
            await PublishAsync(set, candidate, cancellationToken);
        }

        return result;
    }

    /// <summary>Publishes the run's message and stamps DispatchedAt; failures are left to the sweeper.</summary>
    public async Task PublishAsync<TRun>(DbSet<TRun> set, TRun run, CancellationToken cancellationToken)
        where TRun : Run
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            await dispatcher.PublishAsync(RunMessages.For(run), timeout.Token);
            var now = time.GetUtcNow();
            await set.Where(r => r.Id == run.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DispatchedAt, now), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, run.Id, run.TenantId, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing run {RunId} of tenant {TenantId} failed ({ErrorType}); the recovery sweeper will publish it again")]
    private static partial void LogPublishFailed(ILogger logger, Guid runId, Guid tenantId, string errorType);
}
