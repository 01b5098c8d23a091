using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Policies;

/// <summary>A captured version with its normalized payload and assignments.</summary>
/// <param name="Payload">The policy as read from Graph after normalization (server-owned properties and annotations removed).</param>
/// <param name="Assignments">Normalized assignments (ids removed, sorted by target).</param>
/// <param name="ScopeTagIds">roleScopeTagIds of the payload, if any.</param>
public sealed record PolicyVersionDetailsDto(
    Guid Id,
    Guid PolicyId,
    string PolicyType,
    string DisplayName,
    int VersionNumber,
    DateTimeOffset CapturedAt,
    Guid? CapturedByRunId,
    string ContentHash,
    JsonNode? Payload,
    JsonNode? Assignments,
    JsonNode? ScopeTagIds);
