using Mediator;

namespace TenantAtlas.Application.Schedules.GetSchedule;

public sealed record GetBackupScheduleQuery(Guid TenantId, Guid ScheduleId) : IQuery<BackupScheduleDto>;
