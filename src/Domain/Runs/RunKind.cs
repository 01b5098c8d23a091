namespace TenantAtlas.Domain.Runs;

public enum RunKind
{
    BulkOperation,
    Restore,
}
