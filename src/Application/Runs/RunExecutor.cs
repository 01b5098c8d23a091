using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>
/// The lifecycle around every run job: claim with one conditional update, notify Running, renew the
/// lease while working, observe cancel requests, then finish by the final-status rule and notify.
/// </summary>
public sealed partial class RunExecutor(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<RunOptions> options, ILogger<RunExecutor> logger)
{
    /// <summary>
    /// Claims and executes the run. Returns false when the run could not be claimed (another worker
    /// has it, or it is finished or cancelled): the message is then simply acknowledged.
    /// </summary>
    public async Task<bool> ExecuteAsync<TRun>(
        Guid runId, Func<RunContext<TRun>, CancellationToken, Task> work, CancellationToken cancellationToken)
        where TRun : Run
    {
        var settings = options.Value;
        var run = await ClaimAsync<TRun>(runId, settings.Lease, cancellationToken);
        if (run is null)
        {
            LogNotClaimed(logger, runId);
            return false;
        }

        LogClaimed(logger, runId, run.TenantId, run.OperationName, run.Attempt);
        var context = new RunContext<TRun>(run, scopes, time, settings.ItemParallelism);
        using var stopWork = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(context, settings.Lease, stopWork.Token);
        try
        {
            await work(context, stopWork.Token);
            await stopWork.CancelAsync();
            await heartbeat;
            await FinishAsync(context, fault: null, CancellationToken.None);
        }
        catch (RunFaultException fault)
        {
            await stopWork.CancelAsync();
            await heartbeat;
            await FinishAsync(context, fault, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host is stopping: leave the run Running; its lease expires and the sweeper resumes it.
            await stopWork.CancelAsync();
            await heartbeat;
            LogInterrupted(logger, runId);
        }
        catch (Exception ex)
        {
            await stopWork.CancelAsync();
            await heartbeat;
            // Unknown fault (a crash from the run's point of view): release the lease now so the
            // sweeper resumes the run soon; after MaxAttempts it ends as run.abandoned.
            LogCrashed(logger, ex, runId, run.TenantId);
            await ReleaseLeaseAsync<TRun>(runId, CancellationToken.None);
        }

        return true;
    }

    private async Task<TRun?> ClaimAsync<TRun>(Guid runId, TimeSpan lease, CancellationToken cancellationToken)
        where TRun : Run
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        var now = time.GetUtcNow();
        var leaseUntil = now + lease;
        var claimed = await RunContext<TRun>.Runs(db)
            .Where(r => r.Id == runId && r.Status == RunStatus.Queued && r.CancelRequestedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.LeaseExpiresAt, leaseUntil)
                .SetProperty(r => r.Attempt, r => r.Attempt + 1)
                .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                .SetProperty(r => r.UpdatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        var run = await RunContext<TRun>.Runs(db).AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
        RunNotifier.StatusChanged(db, run, now);
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    private async Task HeartbeatAsync<TRun>(RunContext<TRun> context, TimeSpan lease, CancellationToken cancellationToken)
        where TRun : Run
    {
        var interval = TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.FromMilliseconds(20).Ticks));
        var checkEvery = TimeSpan.FromTicks(Math.Min(interval.Ticks, TimeSpan.FromSeconds(1).Ticks));
        var lastRenew = time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(checkEvery, time, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
                var now = time.GetUtcNow();
                if (!await context.ReadStopSignalsAsync(db, cancellationToken))
                {
                    return;
                }

                if (now - lastRenew >= interval)
                {
                    var leaseUntil = now + lease;
                    var renewed = await RunContext<TRun>.Runs(db)
                        .Where(r => r.Id == context.Run.Id && r.Status == RunStatus.Running)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, leaseUntil), cancellationToken);
                    if (renewed == 0)
                    {
                        context.SignalLeaseLost();
                        return;
                    }

                    lastRenew = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // A failed heartbeat is not fatal: the next one may succeed; if none does, the lease expires.
            LogHeartbeatFailed(logger, ex.GetType().Name, context.Run.Id);
        }
    }

    private async Task FinishAsync<TRun>(RunContext<TRun> context, RunFaultException? fault, CancellationToken cancellationToken)
        where TRun : Run
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        await context.RecountAsync(db, time.GetUtcNow(), cancellationToken);
        var run = await RunContext<TRun>.Runs(db).FirstAsync(r => r.Id == context.Run.Id, cancellationToken);
        // Stamped after the recount so FinishedAt is never earlier than the last change the run saw.
        var now = time.GetUtcNow();
        if (run.Status != RunStatus.Running)
        {
            // The lease was lost (the sweeper re-queued it); whoever holds it now finishes it.
            LogLeaseLost(logger, run.Id);
            return;
        }

        if (fault is not null)
        {
            run.Fail(now, fault.Code, fault.SafeMessage);
        }
        else if (run.CancelRequestedAt is not null)
        {
            run.Cancel(now);
        }
        else
        {
            run.Complete(now);
        }

        var errors = run.Failed > 0 ? await RunNotifier.SummarizeErrorsAsync(db, run.Id, cancellationToken) : null;
        if (fault is null && errors?.MostCommonErrorCode is { } code && run.Status == RunStatus.Failed)
        {
            run.FailureCode ??= code;
            run.FailureMessage ??= $"{errors.FailedItems} item(s) failed.";
        }

        // State that follows the run (e.g. a backup set's status) commits atomically with its final status.
        await scope.ServiceProvider.GetRequiredService<RunFinalization>().ApplyAsync(db, run, cancellationToken);

        RunNotifier.StatusChanged(db, run, now, errors);
        await db.SaveChangesAsync(cancellationToken);
        LogFinished(logger, run.Id, run.TenantId, run.Status, run.Succeeded, run.Failed, run.Skipped);
    }

    private async Task ReleaseLeaseAsync<TRun>(Guid runId, CancellationToken cancellationToken) where TRun : Run
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
            var now = time.GetUtcNow();
            await RunContext<TRun>.Runs(db).Where(r => r.Id == runId && r.Status == RunStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, now), cancellationToken);
        }
        catch (Exception ex)
        {
            LogHeartbeatFailed(logger, ex.GetType().Name, runId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId} was not claimable (already claimed, finished or cancelled)")]
    private static partial void LogNotClaimed(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of tenant {TenantId} ({Operation}) claimed, attempt {Attempt}")]
    private static partial void LogClaimed(ILogger logger, Guid runId, Guid tenantId, string operation, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of tenant {TenantId} finished {Status}: {Succeeded} succeeded, {Failed} failed, {Skipped} skipped")]
    private static partial void LogFinished(ILogger logger, Guid runId, Guid tenantId, RunStatus status, int succeeded, int failed, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} interrupted by shutdown; it resumes after its lease expires")]
    private static partial void LogInterrupted(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} of tenant {TenantId} crashed; it resumes through the recovery sweeper")]
    private static partial void LogCrashed(ILogger logger, Exception exception, Guid runId, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} lost its lease; another attempt owns it")]
    private static partial void LogLeaseLost(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of run {RunId} failed ({ErrorType})")]
    private static partial void LogHeartbeatFailed(ILogger logger, string errorType, Guid runId);
}
