using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>
/// What a run job sees while it works: the run, its existing items (for resume), item recording with
/// counts derived from the item rows, coalesced progress events, and stop signals (cancel requested,
/// lease lost, host stopping) checked between items.
/// </summary>
public sealed class RunContext<TRun> where TRun : Run
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim recordGate = new(1, 1);
    private DateTimeOffset lastProgressAt = DateTimeOffset.MinValue;
    private DateTimeOffset lastStopCheckAt = DateTimeOffset.MinValue;
    private volatile bool cancelRequested;
    private volatile bool leaseLost;

    internal RunContext(TRun run, IServiceScopeFactory scopes, TimeProvider time, int itemParallelism)
    {
        Run = run;
        this.scopes = scopes;
        this.time = time;
        ItemParallelism = itemParallelism;
    }

    /// <summary>A detached copy of the run as claimed.</summary>
    public TRun Run { get; }

    public TimeProvider Time => time;

    public int ItemParallelism { get; }

    public bool CancelRequested => cancelRequested;

    public bool LeaseLost => leaseLost;

    /// <summary>True when the job must stop taking new items.</summary>
    public bool StopRequested => cancelRequested || leaseLost;

    internal void SignalCancelRequested() => cancelRequested = true;

    internal void SignalLeaseLost() => leaseLost = true;

    /// <summary>Runs work against a fresh unit of work (safe to call from parallel items).</summary>
    public async Task<T> UseDbAsync<T>(Func<IAppDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        return await work(db, cancellationToken);
    }

    public Task UseDbAsync(Func<IAppDbContext, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        UseDbAsync<bool>(async (db, ct) => { await work(db, ct); return true; }, cancellationToken);

    /// <summary>Items already recorded for this run (a resumed run skips those in a final state).</summary>
    public Task<Dictionary<string, RunItem>> GetItemsAsync(CancellationToken cancellationToken) =>
        UseDbAsync((db, ct) => db.RunItems.AsNoTracking().Where(i => i.RunId == Run.Id).ToDictionaryAsync(i => i.ItemKey, ct), cancellationToken);

    public async Task SetTotalAsync(int total, CancellationToken cancellationToken)
    {
        Run.Total = total;
        var now = time.GetUtcNow();
        await UseDbAsync((db, ct) => Runs(db).Where(r => r.Id == Run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Total, total).SetProperty(r => r.UpdatedAt, now), ct), cancellationToken);
    }

    /// <summary>
    /// Inserts or updates the item (unique by run and item key), then recomputes the run's counts from
    /// the item rows so they never drift, and writes a progress event at most once a second.
    /// </summary>
    public async Task RecordItemAsync(RunItem item, CancellationToken cancellationToken)
    {
        await recordGate.WaitAsync(cancellationToken);
        try
        {
            await UseDbAsync(async (db, ct) =>
            {
                var now = time.GetUtcNow();
                var existing = await db.RunItems.FirstOrDefaultAsync(i => i.RunId == Run.Id && i.ItemKey == item.ItemKey, ct);
                if (existing is null)
                {
                    item.Id = item.Id == Guid.Empty ? Guid.CreateVersion7(now) : item.Id;
                    item.RunId = Run.Id;
                    item.RunKind = Run.Kind;
                    item.TenantId = Run.TenantId;
                    item.Attempts = Math.Max(1, item.Attempts);
                    item.UpdatedAt = now;
                    db.RunItems.Add(item);
                }
                else
                {
                    existing.Status = item.Status;
                    existing.Action = item.Action;
                    existing.GraphId = item.GraphId ?? existing.GraphId;
                    existing.DisplayName = item.DisplayName ?? existing.DisplayName;
                    existing.PolicyType = item.PolicyType ?? existing.PolicyType;
                    existing.Diff = item.Diff ?? existing.Diff;
                    existing.SkipReason = item.SkipReason;
                    existing.ErrorCode = item.ErrorCode;
                    existing.ErrorMessage = item.ErrorMessage;
                    existing.ErrorHttpStatus = item.ErrorHttpStatus;
                    existing.ErrorRequestId = item.ErrorRequestId;
                    existing.Attempts++;
                    existing.UpdatedAt = now;
                }

                await db.SaveChangesAsync(ct);
                await RecountAsync(db, now, ct);
            }, cancellationToken);
        }
        finally
        {
            recordGate.Release();
        }
    }

    internal async Task RecountAsync(IAppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await db.RunItems.AsNoTracking().Where(i => i.RunId == Run.Id)
            .GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(RunItemStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        var succeeded = Count(RunItemStatus.Succeeded);
        var failed = Count(RunItemStatus.Failed);
        var skipped = Count(RunItemStatus.Skipped);
        var total = Math.Max(Run.Total, counts.Sum(c => c.Count));
        Run.SetCounts(total, succeeded, failed, skipped);
        await Runs(db).Where(r => r.Id == Run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Total, total)
            .SetProperty(r => r.Succeeded, succeeded)
            .SetProperty(r => r.Failed, failed)
            .SetProperty(r => r.Skipped, skipped)
            .SetProperty(r => r.Processed, succeeded + failed + skipped)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken);

        if (now - lastProgressAt >= ProgressInterval)
        {
            lastProgressAt = now;
            RunNotifier.Progress(db, Run, now);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Processes items with bounded parallelism, taking no new item once a stop is requested.
    /// </summary>
    public async Task ForEachItemAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = ItemParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, options, async (item, ct) =>
        {
            await RefreshStopSignalsAsync(ct);
            if (StopRequested)
            {
                return;
            }

            await body(item, ct);
        });
    }

    /// <summary>
    /// Reads the run's cancel request and status from the database (at most every 500 ms), so a cancel
    /// is honoured before the next item even between heartbeats.
    /// </summary>
    public async Task RefreshStopSignalsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (StopRequested || now - lastStopCheckAt < StopCheckInterval)
        {
            return;
        }

        lastStopCheckAt = now;
        await UseDbAsync((db, ct) => ReadStopSignalsAsync(db, ct), cancellationToken);
    }

    /// <summary>
    /// Reads the run's cancel request and status and raises the matching stop signals; false when the
    /// run is no longer Running (its lease was lost). Shared by the item loop and the heartbeat.
    /// </summary>
    internal async Task<bool> ReadStopSignalsAsync(IAppDbContext db, CancellationToken cancellationToken)
    {
        var state = await Runs(db).AsNoTracking().Where(r => r.Id == Run.Id)
            .Select(r => new { r.Status, r.CancelRequestedAt }).FirstAsync(cancellationToken);
        if (state.CancelRequestedAt is not null)
        {
            SignalCancelRequested();
        }

        if (state.Status != RunStatus.Running)
        {
            SignalLeaseLost();
            return false;
        }

        return true;
    }

    internal static IQueryable<TRun> Runs(IAppDbContext db) => typeof(TRun) == typeof(RestoreRun)
        ? (IQueryable<TRun>)db.RestoreRuns
        : (IQueryable<TRun>)db.BulkOperationRuns;
}
