namespace TenantAtlas.Application.Restores;

public enum RestoreTargetMatch
{
    /// <summary>The object with the backup's Graph id still exists in the tenant.</summary>
    GraphId,
    /// <summary>The only object of the same type (and @odata.type) with the same display name.</summary>
    DisplayName,
}
