namespace TenantAtlas.Domain.Schedules;

/// <summary>
/// A recurring backup (and/or drift check) of one tenant: a cron expression in a time zone, the policy types it
/// captures and how many of its backup sets it keeps. <see cref="NextRunAt"/> is the next due time (the cron
/// occurrence plus the schedule's jitter); the slot itself is recorded once in <see cref="ScheduleSlot"/>.
/// </summary>
public sealed class BackupSchedule
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    /// <summary>Five-field cron (minute hour day month weekday), or six with seconds first.</summary>
    public required string CronExpression { get; set; }
    /// <summary>IANA or Windows time zone id the cron expression is read in.</summary>
    public required string TimeZone { get; set; }
    /// <summary>JSON array of policy type names, or null for every supported type.</summary>
    public string? PolicyTypes { get; set; }
    public ScheduleMode Mode { get; set; }
    /// <summary>Keep at least the newest N backup sets of this schedule (null: no count rule).</summary>
    public int? RetentionKeepLast { get; set; }
    /// <summary>Keep the backup sets of this schedule younger than D days (null: no age rule).</summary>
    public int? RetentionMaxAgeDays { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>The next due time (occurrence + jitter), UTC; null while disabled.</summary>
    public DateTimeOffset? NextRunAt { get; set; }
    /// <summary>The cron occurrence of the last slot that was started.</summary>
    public DateTimeOffset? LastSlotAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The user who created it: receives the notifications of the runs it starts.</summary>
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
