namespace TenantAtlas.Domain.Backups;

public enum BackupSetStatus
{
    Capturing,
    Ready,
    Partial,
    Failed,
}
