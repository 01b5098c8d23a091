using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Audit;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Schedules.Retention;

/// <summary>
/// Retention of scheduled backup sets, run by the recovery sweep. Per schedule with rules it evaluates
/// <see cref="RetentionRules"/> over the sets the schedule created and deletes the expired ones with their items, at
/// most Schedules:RetentionBatchSize sets per sweep. A policy version goes with them only when its capture was one of
/// the deleted set's runs, no remaining backup item references it, and a newer version of its policy exists: versions a
/// kept set (or, through its set, a restore) references are never deleted. Each deletion is audited
/// (<c>backup_set.retention_deleted</c>).
/// </summary>
public sealed partial class BackupRetention(IAppDbContext db, TimeProvider time, IOptions<ScheduleOptions> options, ILogger<BackupRetention> logger)
{
    public const string DeletedAction = "backup_set.retention_deleted";

    /// <summary>The decisions for one schedule's sets (what GET .../retention shows and what the sweep applies).</summary>
    public async Task<IReadOnlyList<RetentionDecision>> EvaluateAsync(Guid scheduleId, int? keepLast, int? maxAgeDays, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sets = await (
            from slot in db.ScheduleSlots.AsNoTracking()
            join set in db.BackupSets.AsNoTracking() on slot.BackupSetId equals set.Id
            where slot.ScheduleId == scheduleId
            select new
            {
                set.Id,
                set.Name,
                set.Status,
                set.CreatedAt,
                Restored = db.Runs.OfType<RestoreRun>().Any(r => r.BackupSetId == set.Id),
                InUse = db.Runs.OfType<BulkOperationRun>().Any(r => r.TargetId == set.Id && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running)),
            }).ToListAsync(cancellationToken);
        return RetentionRules.Evaluate(
            sets.Select(s => new RetentionRules.Candidate(s.Id, s.Name, s.Status, s.CreatedAt, s.Restored, s.InUse)), keepLast, maxAgeDays, now);
    }

    /// <summary>Deletes expired sets of every schedule with rules; answers how many sets were deleted.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var budget = options.Value.RetentionBatchSize;
        var schedules = await db.BackupSchedules.AsNoTracking()
            .Where(s => s.RetentionKeepLast != null || s.RetentionMaxAgeDays != null)
            .OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.TenantId, s.RetentionKeepLast, s.RetentionMaxAgeDays }).ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var schedule in schedules)
        {
            if (deleted >= budget)
            {
                break;
            }

            var expired = (await EvaluateAsync(schedule.Id, schedule.RetentionKeepLast, schedule.RetentionMaxAgeDays, now, cancellationToken))
                .Where(d => !d.Keep).Take(budget - deleted).ToList();
            foreach (var decision in expired)
            {
                if (await DeleteAsync(schedule.Id, schedule.TenantId, decision, now, cancellationToken))
                {
                    deleted++;
                }
            }
        }

        return deleted;
    }

    private async Task<bool> DeleteAsync(Guid scheduleId, Guid tenantId, RetentionDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var setId = decision.BackupSetId;
        // Checked again right before deleting: a restore or a run may have started since the evaluation.
        var referenced = await db.Runs.OfType<RestoreRun>().AnyAsync(r => r.BackupSetId == setId, cancellationToken)
            || await db.Runs.OfType<BulkOperationRun>().AnyAsync(r => r.TargetId == setId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
        if (referenced)
        {
            return false;
        }

        var captureRuns = db.Runs.OfType<BulkOperationRun>()
            .Where(r => r.TargetId == setId && (r.Operation == RunOperations.BackupSetCapture || r.Operation == RunOperations.BackupSetAddPolicies))
            .Select(r => (Guid?)r.Id);
        var candidateVersions = await db.PolicyVersions.AsNoTracking()
            .Where(v => v.TenantId == tenantId && captureRuns.Contains(v.CapturedByRunId))
            .Select(v => v.Id).ToListAsync(cancellationToken);

        var items = await db.BackupItems.Where(i => i.BackupSetId == setId).ExecuteDeleteAsync(cancellationToken);
        var sets = await db.BackupSets.Where(s => s.Id == setId && s.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
        if (sets == 0)
        {
            return false;
        }

        var versions = 0;
        foreach (var chunk in candidateVersions.Chunk(500))
        {
            versions += await db.PolicyVersions
                .Where(v => chunk.Contains(v.Id)
                            && !db.BackupItems.Any(i => i.PolicyVersionId == v.Id)
                            && db.PolicyVersions.Any(n => n.PolicyId == v.PolicyId && n.VersionNumber > v.VersionNumber))
                .ExecuteDeleteAsync(cancellationToken);
        }

        db.AuditLogs.Add(new AuditLog
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            Actor = $"schedule:{scheduleId:D}",
            Action = DeletedAction,
            TargetType = "backup_set",
            TargetId = setId.ToString("D"),
            Metadata = JsonSerializer.Serialize(new
            {
                scheduleId,
                name = decision.Name,
                status = decision.Status.ToString(),
                createdAt = decision.CreatedAt,
                reason = decision.Reason,
                items,
                policyVersions = versions,
            }, JsonSerializerOptions.Web),
            OccurredAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogDeleted(logger, setId, scheduleId, items, versions);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted backup set {BackupSetId} of schedule {ScheduleId} ({Items} items, {Versions} policy versions)")]
    private static partial void LogDeleted(ILogger logger, Guid backupSetId, Guid scheduleId, int items, int versions);
}
