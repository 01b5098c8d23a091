using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Diagnostics;

/// <summary>
/// Run metrics and the job span. The run engine calls these at claim, item recorded, finish and in the
/// recovery sweeper; each call is one line and never throws. Instrument names are listed in docs/operations.md.
/// </summary>
public static class RunTelemetry
{
    public const string RunsStartedName = "tenantatlas.runs.started";
    public const string RunsFinishedName = "tenantatlas.runs.finished";
    public const string RunDurationName = "tenantatlas.run.duration";
    public const string ItemsName = "tenantatlas.run.items";
    public const string QueueLagName = "tenantatlas.run.queue_lag";
    public const string LeasesExpiredName = "tenantatlas.run.leases_expired";
    public const string SweeperRepublishedName = "tenantatlas.sweeper.republished";

    // Runs take from seconds (one snapshot) to hours (a large restore); the queue lag from milliseconds to minutes.
    private static readonly double[] RunDurationBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
    private static readonly double[] QueueLagBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

    private static readonly Counter<long> RunsStartedCounter = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        RunsStartedName, "{run}", "Runs claimed by a worker (every attempt), by operation.");

    private static readonly Counter<long> RunsFinishedCounter = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        RunsFinishedName, "{run}", "Runs that reached a terminal status, by operation and status.");

    private static readonly Histogram<double> RunDurationHistogram = TenantAtlasTelemetry.Meter.CreateHistogram(
        RunDurationName, "s", "Time from a run's first claim to its terminal status, by operation and status.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunDurationBuckets });

    private static readonly Counter<long> ItemsCounter = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        ItemsName, "{item}", "Run items recorded in a final state, by operation and outcome.");

    private static readonly Histogram<double> QueueLagHistogram = TenantAtlasTelemetry.Meter.CreateHistogram(
        QueueLagName, "s", "Time a run waited Queued before a worker claimed it, by operation.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueueLagBuckets });

    private static readonly Counter<long> LeasesExpiredCounter = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        LeasesExpiredName, "{run}", "Running runs whose lease expired (worker crashed or stalled) and were queued again by the sweeper.");

    private static readonly Counter<long> SweeperRepublishedCounter = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        SweeperRepublishedName, "{message}", "Queued runs whose message the recovery sweeper published again.");

    private static readonly AsyncLocal<RunTelemetryContext?> CurrentContext = new();

    /// <summary>The run whose job is executing on this async flow (set by <see cref="BeginJob"/>), if any.</summary>
    public static RunTelemetryContext? Current => CurrentContext.Value;

    public static void RunStarted(string operation) =>
        RunsStartedCounter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Operation, operation));

    public static void QueueLag(string operation, TimeSpan lag) =>
        QueueLagHistogram.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>(TelemetryTags.Operation, operation));

    /// <summary>
    /// A run was claimed at <paramref name="claimedAt"/>: counts it as started and records how long it waited
    /// since it was (re)published (<see cref="Run.DispatchedAt"/>, else <see cref="Run.CreatedAt"/>).
    /// </summary>
    public static void RunClaimed(Run run, DateTimeOffset claimedAt)
    {
        RunStarted(run.Operation);
        QueueLag(run.Operation, claimedAt - (run.DispatchedAt ?? run.CreatedAt));
    }

    public static void RunFinished(string operation, RunStatus status, TimeSpan duration)
    {
        var tags = new TagList
        {
            { TelemetryTags.Operation, operation },
            { TelemetryTags.Status, status.ToString() },
        };
        RunsFinishedCounter.Add(1, tags);
        RunDurationHistogram.Record(Math.Max(0, duration.TotalSeconds), tags);
    }

    /// <summary>A run reached its terminal status: duration from its first claim (StartedAt) to FinishedAt.</summary>
    public static void RunFinished(Run run)
    {
        var finished = run.FinishedAt ?? run.UpdatedAt;
        RunFinished(run.Operation, run.Status, run.StartedAt is { } started ? finished - started : TimeSpan.Zero);
        if (Current is { } context && context.RunId == run.Id)
        {
            context.Activity?.SetTag(TelemetryTags.Status, run.Status.ToString());
            if (run.Status == RunStatus.Failed)
            {
                context.Activity?.SetStatus(ActivityStatusCode.Error, run.FailureCode);
            }
        }
    }

    public static void ItemFinished(string operation, RunItemStatus outcome) =>
        ItemsCounter.Add(1, new TagList
        {
            { TelemetryTags.Operation, operation },
            { TelemetryTags.Outcome, outcome.ToString() },
        });

    public static void LeaseExpired() => LeasesExpiredCounter.Add(1);

    public static void SweeperRepublished() => SweeperRepublishedCounter.Add(1);

    /// <summary>
    /// Starts the job span of a claimed run (a child of the consume span, parent of every Graph request of the
    /// run) with tenant id, run id, operation and attempt, and a log scope with RunId, TenantId and Operation
    /// around everything logged until the returned scope is disposed. Use as
    /// <c>using var job = RunTelemetry.BeginJob(run, logger);</c> right after the claim.
    /// </summary>
    public static RunJobScope BeginJob(Run run, ILogger logger)
    {
        var activity = TenantAtlasTelemetry.Source.StartActivity($"run {run.Operation}", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.TenantId, run.TenantId.ToString());
            activity.SetTag(TelemetryTags.RunId, run.Id.ToString());
            activity.SetTag(TelemetryTags.Operation, run.Operation);
            activity.SetTag("run.attempt", run.Attempt);
        }

        var logScope = logger.BeginScope("Run {RunId} of tenant {TenantId} ({Operation})", run.Id, run.TenantId, run.Operation);
        var previous = CurrentContext.Value;
        CurrentContext.Value = new RunTelemetryContext(run.Id, run.TenantId, run.Operation, ItemKey: null, activity);
        return new RunJobScope(activity, logScope, () => CurrentContext.Value = previous);
    }

    /// <summary>
    /// Starts the span of one item of the current job (item key as attribute), so its Graph requests group under
    /// it. Use as <c>using var item = RunTelemetry.BeginItem(itemKey);</c> at the start of the item's body.
    /// </summary>
    public static RunJobScope BeginItem(string itemKey)
    {
        var job = Current;
        var activity = TenantAtlasTelemetry.Source.StartActivity("run item", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.ItemKey, itemKey);
            if (job is not null)
            {
                activity.SetTag(TelemetryTags.TenantId, job.TenantId.ToString());
                activity.SetTag(TelemetryTags.RunId, job.RunId.ToString());
                activity.SetTag(TelemetryTags.Operation, job.Operation);
            }
        }

        var previous = CurrentContext.Value;
        CurrentContext.Value = job is null ? null : job with { ItemKey = itemKey, Activity = activity ?? job.Activity };
        return new RunJobScope(activity, logScope: null, () => CurrentContext.Value = previous);
    }
}
