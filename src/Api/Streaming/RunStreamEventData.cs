using TenantAtlas.Application.Runs.Feed;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.Streaming;

/// <summary>
/// The `data:` line of a run stream event: the run's ids, operation, status, counts and percentage at the
/// moment of the change. Only ids, codes and counts, never Graph messages.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="TenantId">Its tenant.</param>
/// <param name="Kind">BulkOperation or Restore.</param>
/// <param name="Operation">The run's operation name.</param>
/// <param name="Status">The run's status after the change.</param>
/// <param name="Counts">Item counts after the change.</param>
/// <param name="Percent">0 to 100; 100 once terminal.</param>
/// <param name="OccurredAt">When the change happened.</param>
public sealed record RunStreamEventData(
    Guid RunId, Guid TenantId, RunKind Kind, string Operation, RunStatus Status, RunFeedCounts Counts, int Percent, DateTimeOffset OccurredAt)
{
    public const string StatusEvent = RunFeedEvent.StatusType;
    public const string ProgressEvent = RunFeedEvent.ProgressType;

    public static RunStreamEventData From(RunFeedEvent e) =>
        new(e.RunId, e.TenantId, e.Kind, e.Operation, e.Status, e.Counts, e.Percent, e.OccurredAt);
}
