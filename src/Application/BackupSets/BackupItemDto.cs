namespace TenantAtlas.Application.BackupSets;

/// <summary>One policy in a backup set and the version captured for it.</summary>
/// <param name="PolicyVersionId">The captured version (shared with other sets when the content was unchanged).</param>
/// <param name="VersionNumber">That version's number for the policy.</param>
public sealed record BackupItemDto(
    Guid Id,
    Guid PolicyId,
    string PolicyType,
    string GraphId,
    string DisplayName,
    Guid PolicyVersionId,
    int VersionNumber,
    DateTimeOffset CapturedAt);
