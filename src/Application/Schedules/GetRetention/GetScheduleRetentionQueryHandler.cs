using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Schedules.Retention;

namespace TenantAtlas.Application.Schedules.GetRetention;

public sealed class GetScheduleRetentionQueryHandler(IAppDbContext db, BackupRetention retention, TimeProvider time)
    : IQueryHandler<GetScheduleRetentionQuery, IReadOnlyList<RetentionDecision>>
{
    public async ValueTask<IReadOnlyList<RetentionDecision>> Handle(GetScheduleRetentionQuery query, CancellationToken cancellationToken)
    {
        var schedule = await db.BackupSchedules.AsNoTracking()
            .Where(s => s.Id == query.ScheduleId && s.TenantId == query.TenantId)
            .Select(s => new { s.RetentionKeepLast, s.RetentionMaxAgeDays }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Backup schedule", query.ScheduleId);
        return await retention.EvaluateAsync(query.ScheduleId, schedule.RetentionKeepLast, schedule.RetentionMaxAgeDays, time.GetUtcNow(), cancellationToken);
    }
}
