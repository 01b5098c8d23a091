using System.ComponentModel.DataAnnotations;

namespace TenantAtlas.Application.Runs.Engine;

public sealed class RunOptions
{
    public const string Section = "Runs";

    /// <summary>How long a claim lasts without a heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A Queued run not dispatched for this long is published again by the sweeper.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long run change events (the SSE feed's history) are kept for clients resuming with Last-Event-ID.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Items of one run processed concurrently (Graph pacing is the rate limiter's job).</summary>
    [Range(1, 64)]
    public int ItemParallelism { get; set; } = 8;

    /// <summary>Item rows of a run are written in batches of at most this many (a restore's Pending journal entry is written at once).</summary>
    [Range(1, 1000)]
    public int ItemFlushBatchSize { get; set; } = 100;

    /// <summary>Recorded items reach the database at most this long after they finish (also the cadence of counts on the run row).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan ItemFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a start waits for the broker to take its message before leaving it to the sweeper.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
