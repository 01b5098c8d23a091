using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Notifications;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// Adds (without saving) the change-feed event of a run and, on status changes, the requesting user's
/// notification. Called inside the same unit of work as the change itself.
/// </summary>
public static class RunNotifier
{
    public const string StatusEvent = "status";
    public const string ProgressEvent = "progress";
    public const string NotificationType = "run.status_changed";

    public static string Link(Guid tenantId, Guid runId) => $"/api/v1/tenants/{tenantId}/runs/{runId}";

    public static void StatusChanged(IAppDbContext db, Run run, DateTimeOffset now, RunErrorSummary? errors = null)
    {
        AddEvent(db, run, StatusEvent, now);
        if (run.RequestedByUserId is not { } userId)
        {
            return;
        }

        var data = new RunNotificationData(
            run.Id, run.Kind.ToString(), run.Operation, run.Status.ToString(), run.Total, run.Processed,
            run.Succeeded, run.Failed, run.Skipped, run.FailureCode, errors?.FailedItems ?? run.Failed,
            errors?.MostCommonErrorCode, Link(run.TenantId, run.Id));
        Notify(db, userId, run.TenantId, NotificationType, data, now);
    }

    /// <summary>Adds a notification of a run to its requester (run status, or a kind's own summary such as a drift report).</summary>
    public static void Notify<TData>(IAppDbContext db, Guid userId, Guid tenantId, string type, TData data, DateTimeOffset now) =>
        db.Notifications.Add(new Notification
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            TenantId = tenantId,
            Type = type,
            Data = JsonSerializer.Serialize(data, JsonSerializerOptions.Web),
            CreatedAt = now,
        });

    public static void Progress(IAppDbContext db, Run run, DateTimeOffset now) => AddEvent(db, run, ProgressEvent, now);

    /// <summary>Failed item count and most common sanitized error code of a run (for T039).</summary>
    public static async Task<RunErrorSummary> SummarizeErrorsAsync(IAppDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        var codes = await db.RunItems.AsNoTracking()
            .Where(i => i.RunId == runId && i.Status == RunItemStatus.Failed)
            .GroupBy(i => i.ErrorCode)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var top = codes.Where(c => c.Code != null).OrderByDescending(c => c.Count).ThenBy(c => c.Code).FirstOrDefault();
        return new RunErrorSummary(codes.Sum(c => c.Count), top?.Code);
    }

    private static void AddEvent(IAppDbContext db, Run run, string type, DateTimeOffset now) =>
        db.RunEvents.Add(Event(run, type, run.Status, now));

    /// <summary>A change-feed event of the run with its counts, in <paramref name="status"/>.</summary>
    public static RunEvent Event(Run run, string type, RunStatus status, DateTimeOffset now) =>
        new()
        {
            TenantId = run.TenantId,
            RunId = run.Id,
            RunKind = run.Kind,
            Operation = run.Operation,
            Type = type,
            Status = status,
            Total = run.Total,
            Processed = run.Processed,
            Succeeded = run.Succeeded,
            Failed = run.Failed,
            Skipped = run.Skipped,
            OccurredAt = now,
        };
}
