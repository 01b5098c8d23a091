using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Schedules.GetSchedules;

public sealed record GetBackupSchedulesQuery(Guid TenantId, int Page, int PageSize) : IQuery<PagedResult<BackupScheduleDto>>;
