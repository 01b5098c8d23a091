namespace TenantAtlas.Domain.Runs;

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Partial,
    Failed,
    Cancelled,
}
