namespace TenantAtlas.Domain.Schedules;

/// <summary>
/// One due occurrence of a schedule, claimed once: the primary key (ScheduleId, SlotTime) lets exactly one scheduler
/// start the slot's runs, however many schedulers race. The ids of what it starts are chosen when it is claimed.
/// </summary>
public sealed class ScheduleSlot
{
    public Guid ScheduleId { get; set; }
    /// <summary>The cron occurrence (UTC, without jitter).</summary>
    public DateTimeOffset SlotTime { get; set; }
    public Guid TenantId { get; set; }
    public ScheduleMode Mode { get; set; }
    public ScheduleSlotOutcome Outcome { get; set; }
    /// <summary>Why nothing (or only part) was started, e.g. schedule.no_policies, schedule.no_baseline.</summary>
    public string? Note { get; set; }
    public Guid? BackupSetId { get; set; }
    public Guid? BackupRunId { get; set; }
    public Guid? DriftRunId { get; set; }
    public Guid? BaselineBackupSetId { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
}
