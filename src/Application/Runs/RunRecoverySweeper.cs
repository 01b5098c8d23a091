using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>
/// One sweep of run recovery: re-publish Queued runs whose last dispatch is older than RequeueAfter,
/// move Running runs with an expired lease back to Queued (and publish them), and fail runs that
/// used up MaxAttempts with <c>run.abandoned</c>. Safe to run in several processes at once: every
/// change is a conditional update and messages are only nudges.
/// </summary>
public sealed partial class RunRecoverySweeper(
    IAppDbContext db, RunLauncher launcher, RunFinalization finalization, TimeProvider time, IOptions<RunOptions> options, ILogger<RunRecoverySweeper> logger)
{
    public async Task<RunSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var bulk = await SweepAsync(db.BulkOperationRuns, cancellationToken);
        var restore = await SweepAsync(db.RestoreRuns, cancellationToken);
        // Housekeeping rides on the sweep: stored Idempotency-Key responses live 24 h, and the run change
        // feed keeps Runs:EventRetention of history for resuming clients.
        var now = time.GetUtcNow();
        await db.IdempotencyRecords.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var eventsBefore = now - options.Value.EventRetention;
        await db.RunEvents.Where(e => e.OccurredAt < eventsBefore).ExecuteDeleteAsync(cancellationToken);
        return new RunSweepResult(bulk.Republished + restore.Republished, bulk.Requeued + restore.Requeued, bulk.Abandoned + restore.Abandoned);
    }

    private async Task<RunSweepResult> SweepAsync<TRun>(DbSet<TRun> set, CancellationToken cancellationToken) where TRun : Run
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        int requeued = 0, abandoned = 0, republished = 0;

        var expired = await set.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running && r.LeaseExpiresAt != null && r.LeaseExpiresAt < now)
            .OrderBy(r => r.LeaseExpiresAt).Select(r => new { r.Id, r.Attempt }).Take(500).ToListAsync(cancellationToken);
        foreach (var run in expired)
        {
            if (run.Attempt >= settings.MaxAttempts)
            {
                if (await AbandonAsync(set, run.Id, RunStatus.Running, now, cancellationToken))
                {
                    abandoned++;
                }

                continue;
            }

            var moved = await set.Where(r => r.Id == run.Id && r.Status == RunStatus.Running && r.LeaseExpiresAt < now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Queued)
                    .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
                    .SetProperty(r => r.DispatchedAt, (DateTimeOffset?)null)
                    .SetProperty(r => r.UpdatedAt, now), cancellationToken);
            if (moved == 1)
            {
                requeued++;
                LogRequeued(logger, run.Id, run.Attempt);
            }
        }

        // Queued runs nobody picked up (publish lost, process died between commit and publish, or just requeued).
        var stale = now - settings.RequeueAfter;
        var queued = await set.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued && (r.DispatchedAt == null || r.DispatchedAt < stale))
            .OrderBy(r => r.CreatedAt).Take(500).ToListAsync(cancellationToken);
        foreach (var run in queued)
        {
            if (run.Attempt >= settings.MaxAttempts)
            {
                if (await AbandonAsync(set, run.Id, RunStatus.Queued, now, cancellationToken))
                {
                    abandoned++;
                }

                continue;
            }

            // Freshly created runs are published by their starter; give it RequeueAfter first.
            if (run.DispatchedAt is null && run.Attempt == 0 && run.CreatedAt > stale)
            {
                continue;
            }

            await launcher.PublishAsync(set, run, cancellationToken);
            republished++;
        }

        return new RunSweepResult(republished, requeued, abandoned);
    }

    private async Task<bool> AbandonAsync<TRun>(DbSet<TRun> set, Guid runId, RunStatus from, DateTimeOffset now, CancellationToken cancellationToken)
        where TRun : Run
    {
        var run = await set.FirstOrDefaultAsync(r => r.Id == runId && r.Status == from, cancellationToken);
        if (run is null)
        {
            return false;
        }

        run.Fail(now, RunFailure.Abandoned, $"The run was abandoned after {run.Attempt} attempt(s).");
        await finalization.ApplyAsync(db, run, cancellationToken);
        RunNotifier.StatusChanged(db, run, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        LogAbandoned(logger, runId, run.Attempt);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} lease expired after attempt {Attempt}; queued again")]
    private static partial void LogRequeued(ILogger logger, Guid runId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} abandoned after {Attempt} attempts")]
    private static partial void LogAbandoned(ILogger logger, Guid runId, int attempt);
}
