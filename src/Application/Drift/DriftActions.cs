namespace TenantAtlas.Application.Drift;

/// <summary>The per-policy outcome of a drift check (the run item's action).</summary>
public static class DriftActions
{
    public const string Unchanged = "unchanged";
    public const string Changed = "changed";
    /// <summary>In the tenant, not in the baseline set.</summary>
    public const string Added = "added";
    /// <summary>In the baseline set, no longer in the tenant.</summary>
    public const string Deleted = "deleted";

    public static readonly IReadOnlyList<string> All = [Unchanged, Changed, Added, Deleted];
}
