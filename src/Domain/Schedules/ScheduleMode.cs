namespace TenantAtlas.Domain.Schedules;

/// <summary>What a backup schedule starts at each due slot.</summary>
public enum ScheduleMode
{
    /// <summary>A backup set capture of the selected policy types.</summary>
    Backup,

    /// <summary>A read-only drift check of the tenant against its latest successful backup set.</summary>
    DriftCheck,

    /// <summary>A backup, and a drift check of the tenant against the backup set before it.</summary>
    BackupThenDrift,
}
