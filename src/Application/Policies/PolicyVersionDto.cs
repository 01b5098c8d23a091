namespace TenantAtlas.Application.Policies;

/// <summary>A captured version of a policy, without its payload.</summary>
/// <param name="VersionNumber">1 for the first capture; a capture with unchanged content adds no version.</param>
/// <param name="ContentHash">Lowercase hex SHA-256 of the normalized payload and assignments.</param>
/// <param name="CapturedByRunId">The run that captured it.</param>
public sealed record PolicyVersionDto(
    Guid Id,
    Guid PolicyId,
    int VersionNumber,
    DateTimeOffset CapturedAt,
    Guid? CapturedByRunId,
    string ContentHash);
