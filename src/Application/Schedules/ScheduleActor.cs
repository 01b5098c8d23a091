using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Application.Schedules;

/// <summary>
/// The identity of runs a schedule starts: the service itself (no tenant role applies), attributed to the schedule
/// ("schedule:{id}"), with the schedule's creator as the user who receives the runs' notifications.
/// </summary>
public sealed class ScheduleActor(BackupSchedule schedule) : ICurrentActor
{
    public Guid? UserId { get; } = schedule.CreatedByUserId;

    public Guid? ApiKeyId => null;

    public string Display { get; } = $"schedule:{schedule.Id:D}";

    public bool IsSystem => true;
}
