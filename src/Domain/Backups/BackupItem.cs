namespace TenantAtlas.Domain.Backups;

/// <summary>One policy in a backup set, pointing at the captured (possibly shared) policy version.</summary>
public sealed class BackupItem
{
    public Guid Id { get; set; }
    public Guid BackupSetId { get; set; }
    public Guid TenantId { get; set; }
    public Guid PolicyId { get; set; }
    public required string PolicyType { get; set; }
    public required string GraphId { get; set; }
    public required string DisplayName { get; set; }
    public Guid PolicyVersionId { get; set; }
    public DateTimeOffset CapturedAt { get; set; }
}
