using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Feed;

/// <summary>
/// One change of a run: its Id is the Server-Sent Events id (monotonic), Type is
/// <see cref="StatusType"/> or <see cref="ProgressType"/>. Only codes and counts, never Graph messages.
/// </summary>
public sealed record RunFeedEvent(
    long Id,
    string Type,
    Guid RunId,
    Guid TenantId,
    RunKind Kind,
    string Operation,
    RunStatus Status,
    RunFeedCounts Counts,
    int Percent,
    DateTimeOffset OccurredAt)
{
    public const string StatusType = "run.status";
    public const string ProgressType = "run.progress";

    public static RunFeedEvent From(RunEvent e) => new(
        e.Id,
        e.Type == RunNotifier.ProgressEvent ? ProgressType : StatusType,
        e.RunId, e.TenantId, e.RunKind, e.Operation, e.Status,
        new RunFeedCounts(e.Total, e.Processed, e.Succeeded, e.Failed, e.Skipped),
        RunDto.Percent(e.Processed, e.Total, e.Status),
        e.OccurredAt);
}
