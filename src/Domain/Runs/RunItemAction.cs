namespace TenantAtlas.Domain.Runs;

public static class RunItemAction
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string WouldCreate = "would_create";
    public const string WouldUpdate = "would_update";
    public const string Skipped = "skipped";
    public const string Captured = "captured";
    public const string Failed = "failed";
}
