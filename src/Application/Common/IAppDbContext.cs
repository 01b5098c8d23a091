using Microsoft.EntityFrameworkCore;
using TenantAtlas.Domain.Audit;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Drift;
using TenantAtlas.Domain.Idempotency;
using TenantAtlas.Domain.Notifications;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Restores;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Schedules;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Common;

/// <summary>The application's unit of work; handlers use it directly (no generic repository).</summary>
public interface IAppDbContext
{
    DbSet<Tenant> Tenants { get; }
    DbSet<User> Users { get; }
    DbSet<TenantMembership> TenantMemberships { get; }
    DbSet<ApiKey> ApiKeys { get; }
    DbSet<Policy> Policies { get; }
    DbSet<PolicyVersion> PolicyVersions { get; }
    DbSet<BackupSet> BackupSets { get; }
    DbSet<BackupItem> BackupItems { get; }
    /// <summary>Every run of every kind (one table; <c>OfType&lt;RestoreRun&gt;()</c> for a shape's own columns).</summary>
    DbSet<Run> Runs { get; }
    DbSet<RunItem> RunItems { get; }
    DbSet<TenantLease> TenantLeases { get; }
    DbSet<RunEvent> RunEvents { get; }
    DbSet<AuditLog> AuditLogs { get; }
    DbSet<Notification> Notifications { get; }
    DbSet<IdempotencyRecord> IdempotencyRecords { get; }
    DbSet<RestoreMapping> RestoreMappings { get; }
    DbSet<BackupSchedule> BackupSchedules { get; }
    /// <summary>Claimed due occurrences of schedules; the key (ScheduleId, SlotTime) makes a slot start once.</summary>
    DbSet<ScheduleSlot> ScheduleSlots { get; }
    DbSet<DriftReport> DriftReports { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the exception is a unique-constraint violation of the active-run idempotency index.</summary>
    bool IsUniqueViolation(Exception exception);
}
