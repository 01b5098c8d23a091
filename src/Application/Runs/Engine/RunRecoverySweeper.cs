using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// One sweep of run recovery over the one runs table: publish Queued runs never dispatched (a failed publish) once
/// their starter's publish window passed, re-publish Queued runs whose last dispatch is older than RequeueAfter, move Running runs with an expired lease back to Queued (and publish them), and fail
/// runs that used up MaxAttempts with <c>run.abandoned</c>, their counts reconciled with their items. Safe
/// to run in several processes at once: every change is a conditional update guarded by the state machine,
/// and messages are only nudges.
/// </summary>
public sealed partial class RunRecoverySweeper(
    IAppDbContext db, RunLauncher launcher, RunFinalization finalization, Schedules.Retention.BackupRetention retention, TimeProvider time, IOptions<RunOptions> options, ILogger<RunRecoverySweeper> logger)
{
    private const int BatchSize = 500;

    /// <summary>Beyond PublishTimeout, how long a never-dispatched run is left to its starter (commit to publish).</summary>
    internal static readonly TimeSpan StarterMargin = TimeSpan.FromSeconds(5);

    public async Task<RunSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        int requeued = 0, abandoned = 0, republished = 0;

        var expired = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running && r.LeaseExpiresAt != null && r.LeaseExpiresAt < now)
            .OrderBy(r => r.LeaseExpiresAt).Select(r => new { r.Id, r.Attempt }).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var run in expired)
        {
            if (run.Attempt >= settings.MaxAttempts)
            {
                if (await AbandonAsync(run.Id, RunStatus.Running, now, cancellationToken))
                {
                    abandoned++;
                }

                continue;
            }

            if (await RunTransitions.RequeueExpiredAsync(db.Runs, run.Id, now, cancellationToken) == 1)
            {
                requeued++;
                RunTelemetry.LeaseExpired();
                LogRequeued(logger, run.Id, run.Attempt);
            }
        }

        // Queued runs nobody picked up (publish lost, process died between commit and publish, handed back, or just requeued).
        var stale = now - settings.RequeueAfter;
        var starterWindow = now - (settings.PublishTimeout + StarterMargin);
        var queued = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued && (r.DispatchedAt == null || r.DispatchedAt < stale))
            .OrderBy(r => r.CreatedAt).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var run in queued)
        {
            if (run.Attempt >= settings.MaxAttempts)
            {
                if (await AbandonAsync(run.Id, RunStatus.Queued, now, cancellationToken))
                {
                    abandoned++;
                }

                continue;
            }

            // A run never dispatched is published by its starter right after the commit, within PublishTimeout (or not
            // at all while the bus reports itself unhealthy). Once that window and a margin have passed, its publish
            // failed or its process died: publish it now rather than after RequeueAfter (a second message is only a nudge).
            if (run.DispatchedAt is null && run.Attempt == 0 && run.Processed == 0 && run.CreatedAt > starterWindow)
            {
                continue;
            }

            await launcher.PublishAsync(run, cancellationToken);
            republished++;
            RunTelemetry.SweeperRepublished();
        }

        // Housekeeping rides on the sweep: stored Idempotency-Key responses live 24 h, and the run change
        // feed keeps Runs:EventRetention of history for resuming clients.
        await db.IdempotencyRecords.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var eventsBefore = now - settings.EventRetention;
        await db.RunEvents.Where(e => e.OccurredAt < eventsBefore).ExecuteDeleteAsync(cancellationToken);
        // Retention of scheduled backup sets (a bounded batch per sweep).
        await retention.ApplyAsync(cancellationToken);
        return new RunSweepResult(republished, requeued, abandoned);
    }

    /// <summary>
    /// Ends the run as run.abandoned. Its counts are taken once from its item rows, since the last attempt
    /// died without writing its final counts, and the state that follows the run (its backup set) is settled.
    /// </summary>
    private async Task<bool> AbandonAsync(Guid runId, RunStatus from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId && r.Status == from, cancellationToken);
        if (run is null)
        {
            return false;
        }

        var counts = await db.RunItems.AsNoTracking().Where(i => i.RunId == runId)
            .GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(RunItemStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        run.SetCounts(Math.Max(run.Total, counts.Sum(c => c.Count)), Count(RunItemStatus.Succeeded), Count(RunItemStatus.Failed), Count(RunItemStatus.Skipped));
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

        RunTelemetry.RunFinished(run);
        LogAbandoned(logger, runId, run.Attempt);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} lease expired after attempt {Attempt}; queued again")]
    private static partial void LogRequeued(ILogger logger, Guid runId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} abandoned after {Attempt} attempts")]
    private static partial void LogAbandoned(ILogger logger, Guid runId, int attempt);
}
