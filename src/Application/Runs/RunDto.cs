using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>A run as the API shows it (both kinds).</summary>
public sealed record RunDto(
    Guid Id,
    Guid TenantId,
    RunKind Kind,
    string Operation,
    Guid? TargetId,
    RunStatus Status,
    int Total,
    int Processed,
    int Succeeded,
    int Failed,
    int Skipped,
    int PercentComplete,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? CancelRequestedAt,
    int Attempt,
    string RequestedBy,
    RunFailureDto? Failure,
    RestoreRunDetailsDto? Restore,
    bool Reused = false)
{
    public static RunDto From(Run run, bool reused = false) => new(
        run.Id, run.TenantId, run.Kind, run.Operation,
        run is BulkOperationRun b ? b.TargetId : run is RestoreRun r ? r.BackupSetId : null,
        run.Status, run.Total, run.Processed, run.Succeeded, run.Failed, run.Skipped, Percent(run.Processed, run.Total, run.Status),
        run.CreatedAt, run.StartedAt, run.FinishedAt, run.CancelRequestedAt, run.Attempt, run.RequestedBy,
        run.FailureCode is null ? null : new RunFailureDto(run.FailureCode, run.FailureMessage ?? run.FailureCode),
        run is RestoreRun restore ? RestoreRunDetailsDto.From(restore) : null,
        reused);

    public static int Percent(int processed, int total, RunStatus status) =>
        RunStateMachine.IsTerminal(status) ? 100 : total <= 0 ? 0 : Math.Min(100, processed * 100 / total);
}
