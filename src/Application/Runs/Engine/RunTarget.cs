namespace TenantAtlas.Application.Runs.Engine;

/// <summary>The resource a run kind works on (its run's TargetId or BackupSetId names it).</summary>
public enum RunTarget
{
    Tenant,
    Policy,
    BackupSet,
}
