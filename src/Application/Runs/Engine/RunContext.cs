using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// What a run job sees while it works: the run, its items of earlier attempts (for resume), item recording,
/// coalesced progress and the stop signals (cancel requested, lease lost, host stopping) checked between items.
/// Recording costs the same whatever the size of the run: the counts are kept here and move with each item,
/// and item rows are written in batches (at most <see cref="RunOptions.ItemFlushBatchSize"/> or
/// <see cref="RunOptions.ItemFlushInterval"/> apart, and when the run ends). A <see cref="RunItemStatus.Pending"/>
/// item, the journal entry a restore writes before its Graph write, is written at once with everything before it.
/// </summary>
public sealed class RunContext
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly RunOptions options;
    private readonly SemaphoreSlim flushGate = new(1, 1);
    private readonly object sync = new();
    private readonly Dictionary<string, ItemState> states = new(StringComparer.Ordinal);
    private List<RunItem> buffer = [];
    private int succeeded, failed, skipped;
    private bool countsDirty;
    private DateTimeOffset lastFlushAt;
    private DateTimeOffset lastProgressAt = DateTimeOffset.MinValue;
    private DateTimeOffset lastStopCheckAt = DateTimeOffset.MinValue;
    private volatile bool cancelRequested;
    private volatile bool leaseLost;

    internal RunContext(
        Run run, IReadOnlyDictionary<string, RunItem> previousItems,
        IServiceScopeFactory scopes, TimeProvider time, RunOptions options)
    {
        Run = run;
        PreviousItems = previousItems;
        this.scopes = scopes;
        this.time = time;
        this.options = options;
        lastFlushAt = time.GetUtcNow();
        foreach (var item in previousItems.Values)
        {
            states[item.ItemKey] = new ItemState(item.Id, item.Status, item.Attempts);
            Count(item.Status, +1);
        }
    }

    /// <summary>A detached copy of the run as claimed; its counts follow the recorded items.</summary>
    public Run Run { get; }

    /// <summary>Items recorded by earlier attempts, by item key, as they were when this attempt claimed the run.</summary>
    public IReadOnlyDictionary<string, RunItem> PreviousItems { get; }

    public TimeProvider Time => time;

    public int ItemParallelism => options.ItemParallelism;

    public bool CancelRequested => cancelRequested;

    public bool LeaseLost => leaseLost;

    /// <summary>True when the job must stop taking new items.</summary>
    public bool StopRequested => cancelRequested || leaseLost;

    /// <summary>The run as its declared shape.</summary>
    public TRun RunAs<TRun>() where TRun : Run => (TRun)Run;

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

    public async Task SetTotalAsync(int total, CancellationToken cancellationToken)
    {
        lock (sync)
        {
            Run.Total = total;
        }

        var now = time.GetUtcNow();
        await UseDbAsync((db, ct) => db.Runs.Where(r => r.Id == Run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Total, total).SetProperty(r => r.UpdatedAt, now), ct), cancellationToken);
    }

    /// <summary>
    /// Records the item (one row per run and item key; a later record of the same key replaces its outcome).
    /// The counts move at once; the row is written with the next batch, or now when the item is Pending.
    /// </summary>
    public async Task RecordItemAsync(RunItem item, CancellationToken cancellationToken)
    {
        bool flushNow;
        lock (sync)
        {
            var previous = states.GetValueOrDefault(item.ItemKey);
            if (previous is not null)
            {
                Count(previous.Status, -1);
            }

            Count(item.Status, +1);
            if (item.Status != RunItemStatus.Pending)
            {
                RunTelemetry.ItemFinished(Run.Operation, item.Status);
            }

            states[item.ItemKey] = new ItemState(previous?.Id ?? Guid.Empty, item.Status, previous?.Attempts ?? 0);
            buffer.Add(item);
            countsDirty = true;
            flushNow = item.Status == RunItemStatus.Pending
                || buffer.Count >= options.ItemFlushBatchSize
                || time.GetUtcNow() - lastFlushAt >= options.ItemFlushInterval;
        }

        if (flushNow)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes the buffered items and the counts when the flush interval has passed (the heartbeat calls it).</summary>
    internal Task FlushIfDueAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (!countsDirty || time.GetUtcNow() - lastFlushAt < options.ItemFlushInterval)
            {
                return Task.CompletedTask;
            }
        }

        return FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Writes every buffered item in one unit of work (inserts for new keys, updates by id for known ones),
    /// then the run's counts in one conditional update that only the attempt holding the run may make, and a
    /// progress event at most once a second.
    /// </summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        await flushGate.WaitAsync(cancellationToken);
        try
        {
            List<RunItem> batch;
            int total, s, f, k;
            bool progressDue;
            var now = time.GetUtcNow();
            lock (sync)
            {
                if (buffer.Count == 0 && !countsDirty)
                {
                    return;
                }

                batch = buffer;
                buffer = [];
                countsDirty = false;
                lastFlushAt = now;
                (s, f, k) = (succeeded, failed, skipped);
                total = Math.Max(Run.Total, states.Count);
                Run.SetCounts(total, s, f, k);
                progressDue = now - lastProgressAt >= ProgressInterval;
                if (progressDue)
                {
                    lastProgressAt = now;
                }
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
                var context = (DbContext)db;
                var staged = batch.Count > 0 ? Stage(db, batch, now) : [];

                if (progressDue)
                {
                    RunNotifier.Progress(db, Run, now);
                }

                // The counts update is conditional on this attempt holding the run and comes first in the transaction:
                // it locks the run row, so an attempt that has lost the run (its lease expired and another worker
                // claimed it) writes no item at all, instead of overwriting, or colliding with (RunItems' unique
                // (RunId, ItemKey)), the rows of the attempt that holds it now.
                var attempt = Run.Attempt;
                var held = await context.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
                {
                    await using var transaction = await context.Database.BeginTransactionAsync(ct);
                    var updated = await db.Runs.Where(r => r.Id == Run.Id && r.Status == RunStatus.Running && r.Attempt == attempt)
                        .ExecuteUpdateAsync(u => u
                            .SetProperty(r => r.Total, total)
                            .SetProperty(r => r.Succeeded, s)
                            .SetProperty(r => r.Failed, f)
                            .SetProperty(r => r.Skipped, k)
                            .SetProperty(r => r.Processed, s + f + k)
                            .SetProperty(r => r.UpdatedAt, now), ct);
                    if (updated == 0)
                    {
                        return false;
                    }

                    await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                    await transaction.CommitAsync(ct);
                    return true;
                }, cancellationToken);

                if (!held)
                {
                    // Not this attempt's run any more: what it did is the new holder's to redo; stop the item loop.
                    SignalLeaseLost();
                    return;
                }

                context.ChangeTracker.AcceptAllChanges();
                lock (sync)
                {
                    foreach (var (key, id, attempts) in staged)
                    {
                        states[key] = states[key] with { Id = id, Attempts = attempts };
                    }
                }
            }
            catch
            {
                // Nothing of the batch is known to be written: keep it for the next flush (ahead of newer items).
                lock (sync)
                {
                    batch.AddRange(buffer);
                    buffer = batch;
                    countsDirty = true;
                }

                throw;
            }
        }
        finally
        {
            flushGate.Release();
        }
    }

    /// <summary>Adds or attaches the rows of a batch; returns the id and attempt count each key has once it is saved.</summary>
    private List<(string Key, Guid Id, int Attempts)> Stage(IAppDbContext db, List<RunItem> batch, DateTimeOffset now)
    {
        var staged = new Dictionary<string, (RunItem Row, int Attempts)>(StringComparer.Ordinal);
        foreach (var item in batch)
        {
            ItemState state;
            lock (sync)
            {
                state = states[item.ItemKey];
            }

            if (staged.TryGetValue(item.ItemKey, out var tracked))
            {
                // Recorded twice within one batch: the later outcome wins on the row staged already.
                var attempts = tracked.Attempts + 1;
                tracked.Row.Attempts = attempts;
                Apply(tracked.Row, item, db, now);
                staged[item.ItemKey] = (tracked.Row, attempts);
            }
            else if (state.Id == Guid.Empty)
            {
                item.Id = item.Id == Guid.Empty ? Guid.CreateVersion7(now) : item.Id;
                item.RunId = Run.Id;
                item.RunKind = Run.Kind;
                item.TenantId = Run.TenantId;
                item.Attempts = Math.Max(1, item.Attempts);
                item.UpdatedAt = now;
                db.RunItems.Add(item);
                staged[item.ItemKey] = (item, item.Attempts);
            }
            else
            {
                var row = new RunItem
                {
                    Id = state.Id, ItemKey = item.ItemKey, RunId = Run.Id, RunKind = Run.Kind, TenantId = Run.TenantId, Attempts = state.Attempts + 1,
                };
                db.RunItems.Attach(row);
                Apply(row, item, db, now);
                staged[item.ItemKey] = (row, row.Attempts);
            }
        }

        return staged.Select(p => (p.Key, p.Value.Row.Id, p.Value.Attempts)).ToList();
    }

    /// <summary>Copies an outcome onto a row: status, action and error always; id, name, type and diff only when given.</summary>
    private static void Apply(RunItem row, RunItem item, IAppDbContext db, DateTimeOffset now)
    {
        var entry = ((DbContext)db).Entry(row);
        void Set<T>(System.Linq.Expressions.Expression<Func<RunItem, T>> property, T value)
        {
            var p = entry.Property(property);
            p.CurrentValue = value;
            if (entry.State != EntityState.Added)
            {
                p.IsModified = true;
            }
        }

        Set(r => r.Status, item.Status);
        Set(r => r.Action, item.Action);
        Set(r => r.SkipReason, item.SkipReason);
        Set(r => r.ErrorCode, item.ErrorCode);
        Set(r => r.ErrorMessage, item.ErrorMessage);
        Set(r => r.ErrorHttpStatus, item.ErrorHttpStatus);
        Set(r => r.ErrorRequestId, item.ErrorRequestId);
        Set(r => r.UpdatedAt, now);
        Set(r => r.Attempts, row.Attempts);
        if (item.GraphId is not null)
        {
            Set(r => r.GraphId, item.GraphId);
        }

        if (item.DisplayName is not null)
        {
            Set(r => r.DisplayName, item.DisplayName);
        }

        if (item.PolicyType is not null)
        {
            Set(r => r.PolicyType, item.PolicyType);
        }

        if (item.Diff is not null)
        {
            Set(r => r.Diff, item.Diff);
        }
    }

    /// <summary>
    /// Processes items with bounded parallelism, taking no new item once a stop is requested.
    /// </summary>
    public async Task ForEachItemAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ItemParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, parallel, async (item, ct) =>
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
    /// run is no longer Running under this attempt (its lease was lost). Shared by the item loop and the heartbeat.
    /// </summary>
    internal async Task<bool> ReadStopSignalsAsync(IAppDbContext db, CancellationToken cancellationToken)
    {
        var state = await db.Runs.AsNoTracking().Where(r => r.Id == Run.Id)
            .Select(r => new { r.Status, r.CancelRequestedAt, r.Attempt }).FirstAsync(cancellationToken);
        if (state.CancelRequestedAt is not null)
        {
            SignalCancelRequested();
        }

        if (state.Status != RunStatus.Running || state.Attempt != Run.Attempt)
        {
            SignalLeaseLost();
            return false;
        }

        return true;
    }

    /// <summary>The counts as recorded so far (succeeded, failed, skipped, and every item key seen).</summary>
    internal (int Succeeded, int Failed, int Skipped, int Items) Counts()
    {
        lock (sync)
        {
            return (succeeded, failed, skipped, states.Count);
        }
    }

    private void Count(RunItemStatus status, int delta)
    {
        switch (status)
        {
            case RunItemStatus.Succeeded:
                succeeded += delta;
                break;
            case RunItemStatus.Failed:
                failed += delta;
                break;
            case RunItemStatus.Skipped:
                skipped += delta;
                break;
        }
    }

    private sealed record ItemState(Guid Id, RunItemStatus Status, int Attempts);
}
