using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetActiveRuns;

/// <summary>An active run as the global progress widget shows it.</summary>
public sealed record ActiveRunDto(
    Guid Id,
    Guid TenantId,
    string TenantName,
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
    DateTimeOffset? CancelRequestedAt,
    string Link)
{
    public static ActiveRunDto From(Run run, string tenantName)
    {
        var dto = RunDto.From(run);
        return new ActiveRunDto(
            dto.Id, dto.TenantId, tenantName, dto.Kind, dto.Operation, dto.TargetId, dto.Status, dto.Total, dto.Processed,
            dto.Succeeded, dto.Failed, dto.Skipped, dto.PercentComplete, dto.CreatedAt, dto.StartedAt, dto.CancelRequestedAt,
            RunNotifier.Link(run.TenantId, run.Id));
    }
}
