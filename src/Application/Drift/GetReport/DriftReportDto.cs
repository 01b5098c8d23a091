using System.Text.Json.Nodes;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Drift.GetReport;

/// <summary>Counts per outcome of a drift check (from its items while it runs, from its stored summary once it ended).</summary>
public sealed record DriftSummaryDto(int Unchanged, int Changed, int Added, int Deleted, int Failed)
{
    public bool HasDrift => Changed + Added + Deleted > 0;
}

/// <summary>One policy's drift result: unchanged, changed (with the diff: before = backup, after = tenant), added, deleted, or failed.</summary>
public sealed record DriftItemDto(string Key, string? PolicyType, string? GraphId, string? DisplayName, string Action, JsonNode? Diff, string? ErrorCode, string? ErrorMessage);

/// <summary>A drift check's report.</summary>
public sealed record DriftReportDto(
    Guid RunId,
    Guid TenantId,
    Guid? BaselineBackupSetId,
    IReadOnlyList<string>? PolicyTypes,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    DriftSummaryDto Summary,
    PagedResult<DriftItemDto> Items);
