namespace TenantAtlas.Domain.Runs;

public enum RunItemStatus
{
    Pending,
    Succeeded,
    Failed,
    Skipped,
}
