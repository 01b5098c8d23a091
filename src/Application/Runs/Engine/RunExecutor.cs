using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// The lifecycle around every run job: claim with one conditional update (guarded by the state machine),
/// notify Running, run the kind's job while a heartbeat renews the lease and flushes item batches, observe
/// cancel requests, then finish by the final-status rule and notify. One executor for every kind: the
/// kind's declaration names the job.
/// </summary>
public sealed partial class RunExecutor(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<RunOptions> options, ILogger<RunExecutor> logger)
{
    /// <summary>
    /// Claims and executes the run. Returns false when the run could not be claimed (another worker
    /// has it, or it is finished or cancelled): the message is then simply acknowledged.
    /// </summary>
    public Task<bool> ExecuteAsync(Guid runId, CancellationToken cancellationToken) => ExecuteAsync(runId, job: null, cancellationToken);

    /// <summary>Executes the run with the given job instead of its kind's (tests of the lifecycle itself).</summary>
    internal async Task<bool> ExecuteAsync(Guid runId, IRunJob? job, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // This attempt's token on the tenant's lease (never the run id: a duplicate delivery must not release it).
        var holder = Guid.NewGuid();
        var claimed = await ClaimAsync(runId, holder, settings.Lease, cancellationToken);
        if (claimed is null)
        {
            LogNotClaimed(logger, runId);
            return false;
        }

        var (run, previousItems) = claimed.Value;
        try
        {
            return await RunClaimedAsync(run, previousItems, holder, job, settings, cancellationToken);
        }
        finally
        {
            await ReleaseTenantAsync(run, holder);
        }
    }

    private async Task<bool> RunClaimedAsync(
        Run run, IReadOnlyDictionary<string, RunItem> previousItems, Guid holder, IRunJob? job, RunOptions settings, CancellationToken cancellationToken)
    {
        var runId = run.Id;
        LogClaimed(logger, runId, run.TenantId, run.Operation, run.Attempt);
        RunTelemetry.RunClaimed(run, time.GetUtcNow());
        using var jobTelemetry = RunTelemetry.BeginJob(run, logger);
        var kind = RunKinds.Find(run.Operation);
        if (kind is null || !kind.RunType.IsInstanceOfType(run))
        {
            var orphan = new RunContext(run, previousItems, scopes, time, settings);
            await FinishAsync(orphan, new RunFaultException(RunFailure.UnknownKind, $"No run kind is declared for operation '{run.Operation}'."), CancellationToken.None);
            return true;
        }

        var context = new RunContext(run, previousItems, scopes, time, settings);
        using var stopWork = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(context, holder, settings.Lease, stopWork.Token);
        try
        {
            await using (var jobScope = scopes.CreateAsyncScope())
            {
                job ??= (IRunJob)jobScope.ServiceProvider.GetRequiredService(kind.JobType);
                await job.RunAsync(context, stopWork.Token);
            }

            await StopHeartbeatAsync(stopWork, heartbeat);
            await context.FlushAsync(CancellationToken.None);
            await FinishAsync(context, fault: null, CancellationToken.None);
        }
        catch (RunFaultException fault)
        {
            await StopHeartbeatAsync(stopWork, heartbeat);
            await context.FlushAsync(CancellationToken.None);
            await FinishAsync(context, fault, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The process saw the interruption itself (host stopping, consumer channel lost): keep what is
            // done and hand the run back without spending its attempt; the sweeper publishes it again.
            await StopHeartbeatAsync(stopWork, heartbeat);
            await TryFlushAsync(context);
            await ReleaseAsync(run, CancellationToken.None);
            LogInterrupted(logger, runId);
        }
        catch (Exception ex)
        {
            await StopHeartbeatAsync(stopWork, heartbeat);
            // Unknown fault (a crash from the run's point of view): keep what is done, expire the lease now so
            // the sweeper resumes the run soon; the attempt counts, and after MaxAttempts it ends as run.abandoned.
            LogCrashed(logger, ex, runId, run.TenantId);
            await TryFlushAsync(context);
            await ExpireLeaseAsync(run, CancellationToken.None);
        }

        return true;
    }

    private async Task<(Run Run, IReadOnlyDictionary<string, RunItem> Items)?> ClaimAsync(
        Guid runId, Guid holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        var now = time.GetUtcNow();
        var queued = await db.Runs.AsNoTracking().Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .Select(r => (Guid?)r.TenantId).FirstOrDefaultAsync(cancellationToken);
        if (queued is not { } tenantId)
        {
            return null;
        }

        // One run per tenant at a time across all workers: a run whose tenant is busy stays Queued and is
        // published again when the holder ends (or by the sweeper, should the holder's worker die).
        if (!await TenantLeases.TryAcquireAsync(db, tenantId, holder, runId, now, lease, cancellationToken))
        {
            LogDeferred(logger, runId, tenantId);
            return null;
        }

        if (await RunTransitions.ClaimAsync(db.Runs, runId, now, lease, cancellationToken) == 0)
        {
            await TenantLeases.ReleaseAsync(db, tenantId, holder, cancellationToken);
            return null;
        }

        var run = await db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
        RunNotifier.StatusChanged(db, run, now);
        await db.SaveChangesAsync(cancellationToken);
        // Once per attempt: a resumed run skips what earlier attempts finished, and its counts start from them.
        var items = await db.RunItems.AsNoTracking().Where(i => i.RunId == runId)
            .ToDictionaryAsync(i => i.ItemKey, StringComparer.Ordinal, cancellationToken);
        return (run, items);
    }

    private async Task HeartbeatAsync(RunContext context, Guid holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.FromMilliseconds(20).Ticks));
        var checkEvery = TimeSpan.FromTicks(Math.Min(interval.Ticks, TimeSpan.FromSeconds(1).Ticks));
        var lastRenew = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
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
                    var attempt = context.Run.Attempt;
                    var renewed = await db.Runs
                        .Where(r => r.Id == context.Run.Id && r.Status == RunStatus.Running && r.Attempt == attempt)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, leaseUntil), cancellationToken);
                    if (renewed == 0 || !await TenantLeases.RenewAsync(db, context.Run.TenantId, holder, leaseUntil, cancellationToken))
                    {
                        context.SignalLeaseLost();
                        return;
                    }

                    lastRenew = now;
                }

                // Items recorded slowly still reach the database within the flush interval.
                await context.FlushIfDueAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed heartbeat is not fatal: the next one may succeed; if none does, the lease expires.
                LogBookkeepingFailed(logger, ex.GetType().Name, context.Run.Id);
            }
        }
    }

    private static async Task StopHeartbeatAsync(CancellationTokenSource stopWork, Task heartbeat)
    {
        await stopWork.CancelAsync();
        await heartbeat;
    }

    private async Task FinishAsync(RunContext context, RunFaultException? fault, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        var now = time.GetUtcNow();
        var run = await db.Runs.FirstAsync(r => r.Id == context.Run.Id, cancellationToken);
        if (run.Status != RunStatus.Running || run.Attempt != context.Run.Attempt)
        {
            // The lease was lost (the sweeper re-queued it); whoever holds it now finishes it.
            LogLeaseLost(logger, run.Id);
            return;
        }

        var counts = context.Counts();
        run.SetCounts(Math.Max(run.Total, counts.Items), counts.Succeeded, counts.Failed, counts.Skipped);
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
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLeaseLost(logger, run.Id);
            return;
        }

        RunTelemetry.RunFinished(run);
        LogFinished(logger, run.Id, run.TenantId, run.Status, run.Succeeded, run.Failed, run.Skipped);
    }

    /// <summary>
    /// Gives the run's tenant up and publishes the tenant's oldest waiting run, so a run deferred while the
    /// tenant was busy starts now instead of at the sweeper's next pass.
    /// </summary>
    private async Task ReleaseTenantAsync(Run run, Guid holder)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
            await TenantLeases.ReleaseAsync(db, run.TenantId, holder, CancellationToken.None);
            var next = await db.Runs.AsNoTracking()
                .Where(r => r.TenantId == run.TenantId && r.Status == RunStatus.Queued)
                .OrderBy(r => r.CreatedAt).FirstOrDefaultAsync(CancellationToken.None);
            if (next is not null)
            {
                await scope.ServiceProvider.GetRequiredService<RunLauncher>().PublishAsync(next, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // The tenant's lease then expires on its own and the sweeper publishes what waits.
            LogBookkeepingFailed(logger, ex.GetType().Name, run.Id);
        }
    }

    private async Task TryFlushAsync(RunContext context)
    {
        try
        {
            await context.FlushAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogBookkeepingFailed(logger, ex.GetType().Name, context.Run.Id);
        }
    }

    private async Task ReleaseAsync(Run run, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
            var now = time.GetUtcNow();
            if (await RunTransitions.ReleaseAsync(db.Runs, run.Id, run.Attempt, now, cancellationToken) == 1)
            {
                db.RunEvents.Add(RunNotifier.Event(run, RunNotifier.StatusEvent, RunStatus.Queued, now));
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (Exception ex)
        {
            // The lease then simply expires and the sweeper recovers the run (spending the attempt).
            LogBookkeepingFailed(logger, ex.GetType().Name, run.Id);
        }
    }

    private async Task ExpireLeaseAsync(Run run, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
            var now = time.GetUtcNow();
            var attempt = run.Attempt;
            await db.Runs.Where(r => r.Id == run.Id && r.Status == RunStatus.Running && r.Attempt == attempt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, now), cancellationToken);
        }
        catch (Exception ex)
        {
            LogBookkeepingFailed(logger, ex.GetType().Name, run.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} deferred: tenant {TenantId} is busy with another run")]
    private static partial void LogDeferred(ILogger logger, Guid runId, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId} was not claimable (already claimed, finished or cancelled)")]
    private static partial void LogNotClaimed(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of tenant {TenantId} ({Operation}) claimed, attempt {Attempt}")]
    private static partial void LogClaimed(ILogger logger, Guid runId, Guid tenantId, string operation, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of tenant {TenantId} finished {Status}: {Succeeded} succeeded, {Failed} failed, {Skipped} skipped")]
    private static partial void LogFinished(ILogger logger, Guid runId, Guid tenantId, RunStatus status, int succeeded, int failed, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} interrupted (host stopping or channel lost); handed back to the queue without spending its attempt")]
    private static partial void LogInterrupted(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} of tenant {TenantId} crashed; it resumes through the recovery sweeper")]
    private static partial void LogCrashed(ILogger logger, Exception exception, Guid runId, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} lost its lease; another attempt owns it")]
    private static partial void LogLeaseLost(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease or item bookkeeping of run {RunId} failed ({ErrorType}); the next heartbeat, flush or the sweeper takes it up")]
    private static partial void LogBookkeepingFailed(ILogger logger, string errorType, Guid runId);
}
