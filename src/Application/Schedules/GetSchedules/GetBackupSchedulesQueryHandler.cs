using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Schedules.GetSchedules;

public sealed class GetBackupSchedulesQueryHandler(IAppDbContext db) : IQueryHandler<GetBackupSchedulesQuery, PagedResult<BackupScheduleDto>>
{
    public async ValueTask<PagedResult<BackupScheduleDto>> Handle(GetBackupSchedulesQuery query, CancellationToken cancellationToken)
    {
        var schedules = db.BackupSchedules.AsNoTracking().Where(s => s.TenantId == query.TenantId);
        var total = await schedules.CountAsync(cancellationToken);
        var items = await schedules.OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return PagedResult.Offset(items.Select(BackupScheduleDto.From).ToList(), query.Page, query.PageSize, total);
    }
}
