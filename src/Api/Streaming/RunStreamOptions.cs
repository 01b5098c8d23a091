using System.ComponentModel.DataAnnotations;

namespace TenantAtlas.Api.Streaming;

/// <summary>Settings of GET /api/v1/runs/stream (section RunStream).</summary>
public sealed class RunStreamOptions
{
    public const string Section = "RunStream";

    /// <summary>How often the RunEvents table is read for new events of the caller's tenants.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A comment line is sent after this much silence so proxies keep the connection open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events read per poll; a backlog is drained over consecutive polls without waiting.</summary>
    [Range(1, 1000)]
    public int MaxEventsPerPoll { get; set; } = 100;

    /// <summary>
    /// Events are sent only once they are this old, so an event whose id was taken earlier but committed
    /// later is never skipped. SQLite commits in id order (0 is exact); on SQL Server and PostgreSQL identity
    /// values can commit out of order, so unset it defaults to 2 s there (<c>RunStream:SettleDelay</c>).
    /// </summary>
    public TimeSpan? SettleDelay { get; set; }

    /// <summary>Reconnection delay the client is told with the `retry:` field.</summary>
    [Range(100, 600_000)]
    public int ClientRetryMilliseconds { get; set; } = 3000;
}
