using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Drift;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Drift;

/// <summary>
/// When a drift check ends (however it ends), stores its summary (<see cref="DriftReport"/>: what the tenants overview
/// shows) and tells the requesting user with a <c>drift.report</c> notification: counts and the report's link.
/// </summary>
public sealed class DriftRunFinishedHandler : IRunFinishedHandler
{
    public const string NotificationType = "drift.report";

    public static string Link(Guid tenantId, Guid runId) => $"/api/v1/tenants/{tenantId}/drift-reports/{runId}";

    public bool Handles(Run run) => run is BulkOperationRun { Operation: RunOperations.PolicyDriftCheck };

    public async Task OnFinishedAsync(IAppDbContext db, Run run, CancellationToken cancellationToken)
    {
        var bulk = (BulkOperationRun)run;
        var counts = await db.RunItems.AsNoTracking().Where(i => i.RunId == run.Id)
            .GroupBy(i => new { i.Status, i.Action })
            .Select(g => new { g.Key.Status, g.Key.Action, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(string action) => counts.Where(c => c.Status == RunItemStatus.Succeeded && c.Action == action).Sum(c => c.Count);
        var now = run.FinishedAt ?? run.UpdatedAt;
        var report = new DriftReport
        {
            RunId = run.Id,
            TenantId = run.TenantId,
            BaselineBackupSetId = bulk.TargetId ?? Guid.Empty,
            Status = run.Status,
            Unchanged = Count(DriftActions.Unchanged),
            Changed = Count(DriftActions.Changed),
            Added = Count(DriftActions.Added),
            Deleted = Count(DriftActions.Deleted),
            Failed = counts.Where(c => c.Status == RunItemStatus.Failed).Sum(c => c.Count),
            CompletedAt = now,
        };
        db.DriftReports.Add(report);

        if (run.RequestedByUserId is { } userId)
        {
            var data = new DriftNotificationData(run.Id, report.BaselineBackupSetId, run.Status.ToString(), report.Unchanged, report.Changed,
                report.Added, report.Deleted, report.Failed, Link(run.TenantId, run.Id));
            RunNotifier.Notify(db, userId, run.TenantId, NotificationType, data, now);
        }
    }
}
