namespace TenantAtlas.Domain.Schedules;

public enum ScheduleSlotOutcome
{
    /// <summary>Claimed by a scheduler; its runs are being started.</summary>
    Claimed,

    /// <summary>Its runs were started.</summary>
    Started,

    /// <summary>Nothing could be started (see the slot's note).</summary>
    Skipped,
}
