namespace TenantAtlas.Domain.Backups;

public sealed class BackupSet
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public BackupSetStatus Status { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int ItemCount { get; set; }
}
