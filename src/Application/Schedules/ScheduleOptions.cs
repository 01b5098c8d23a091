using System.ComponentModel.DataAnnotations;

namespace TenantAtlas.Application.Schedules;

public sealed class ScheduleOptions
{
    public const string Section = "Schedules";

    /// <summary>How often the scheduler looks for due schedules.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Due times spread over this window after each occurrence, by a fixed offset per schedule.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")]
    public TimeSpan JitterWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Expired backup sets deleted per sweep at most (the rest follow in later sweeps).</summary>
    [Range(1, 10_000)]
    public int RetentionBatchSize { get; set; } = 50;
}
