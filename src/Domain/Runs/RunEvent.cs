namespace TenantAtlas.Domain.Runs;

/// <summary>
/// Append-only change feed of runs (status changes and coalesced progress). Its monotonic Id is the
/// Server-Sent Events id, so a client resuming with Last-Event-ID misses nothing, across processes.
/// </summary>
public sealed class RunEvent
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RunId { get; set; }
    public RunKind RunKind { get; set; }
    public required string Operation { get; set; }
    /// <summary>"status" or "progress".</summary>
    public required string Type { get; set; }
    public RunStatus Status { get; set; }
    public int Total { get; set; }
    public int Processed { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}
