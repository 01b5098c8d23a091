using TenantAtlas.Domain.Audit;
using TenantAtlas.Domain.Notifications;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Api.FunctionalTests.Paging;

/// <summary>Rows of the fast-growing lists written straight to the database, many at once.</summary>
public static class PagingSeed
{
    /// <summary>
    /// <paramref name="count"/> finished runs, <paramref name="perInstant"/> sharing each CreatedAt (so the id breaks
    /// ties), the newest at <paramref name="newest"/> and each instant one second before the previous.
    /// </summary>
    public static List<BulkOperationRun> Runs(Guid tenantId, int count, DateTimeOffset newest, int perInstant = 1, RunStatus status = RunStatus.Succeeded)
    {
        var runs = new List<BulkOperationRun>(count);
        for (var i = 0; i < count; i++)
        {
            var at = newest.AddSeconds(-(i / perInstant));
            var run = new BulkOperationRun
            {
                Id = Guid.NewGuid(), TenantId = tenantId, Operation = RunOperations.DiagnosticPing,
                IdempotencyKey = $"seed:{Guid.NewGuid():N}", RequestedBy = "test", CreatedAt = at, UpdatedAt = at,
            };
            if (status != RunStatus.Queued)
            {
                run.MarkRunning(at, TimeSpan.FromMinutes(5));
            }

            if (status is not (RunStatus.Queued or RunStatus.Running))
            {
                run.Complete(at);
            }

            runs.Add(run);
        }

        return runs;
    }

    public static async Task AddAsync<T>(AppDbContext db, IEnumerable<T> rows) where T : class
    {
        db.AddRange(rows);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    public static List<AuditLog> AuditLogs(Guid tenantId, int count, DateTimeOffset oldest, int perInstant = 1) =>
        Enumerable.Range(0, count).Select(i => new AuditLog
        {
            Id = Guid.NewGuid(), TenantId = tenantId, Actor = "test", Action = "test.seeded", TargetType = "test", TargetId = i.ToString(),
            OccurredAt = oldest.AddSeconds(i / perInstant),
        }).ToList();

    public static List<Notification> Notifications(Guid userId, Guid tenantId, int count, DateTimeOffset newest, int perInstant = 1) =>
        Enumerable.Range(0, count).Select(i => new Notification
        {
            Id = Guid.NewGuid(), UserId = userId, TenantId = tenantId, Type = "run.status_changed", Data = "{\"seed\":" + i + "}",
            CreatedAt = newest.AddSeconds(-(i / perInstant)),
        }).ToList();
}
