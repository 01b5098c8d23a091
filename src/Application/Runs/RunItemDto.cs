using System.Text.Json.Nodes;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>One item's outcome: status, action, the Graph id, preview diff and a safe error.</summary>
public sealed record RunItemDto(
    string ItemKey,
    string? DisplayName,
    string? PolicyType,
    RunItemStatus Status,
    string? Action,
    string? GraphId,
    string? SkipReason,
    RunItemErrorDto? Error,
    JsonNode? Diff,
    int Attempts,
    DateTimeOffset UpdatedAt)
{
    public static RunItemDto From(RunItem item) => new(
        item.ItemKey, item.DisplayName, item.PolicyType, item.Status, item.Action, item.GraphId, item.SkipReason,
        item.ErrorCode is null ? null : new RunItemErrorDto(item.ErrorCode, item.ErrorMessage, item.ErrorHttpStatus, item.ErrorRequestId),
        item.Diff is null ? null : JsonNode.Parse(item.Diff),
        item.Attempts, item.UpdatedAt);
}
