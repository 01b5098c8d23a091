using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
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

namespace TenantAtlas.Infrastructure.Persistence;

/// <summary>
/// The model, shared by every provider. Each provider has a subclass with its own migrations
/// (<see cref="SqliteAppDbContext"/>, <see cref="SqlServerAppDbContext"/>, <see cref="PostgresAppDbContext"/>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options), IAppDbContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<TenantMembership> TenantMemberships => Set<TenantMembership>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Policy> Policies => Set<Policy>();
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();
    public DbSet<BackupSet> BackupSets => Set<BackupSet>();
    public DbSet<BackupItem> BackupItems => Set<BackupItem>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<RunItem> RunItems => Set<RunItem>();
    public DbSet<TenantLease> TenantLeases => Set<TenantLease>();
    public DbSet<RunEvent> RunEvents => Set<RunEvent>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<RestoreMapping> RestoreMappings => Set<RestoreMapping>();
    public DbSet<BackupSchedule> BackupSchedules => Set<BackupSchedule>();
    public DbSet<ScheduleSlot> ScheduleSlots => Set<ScheduleSlot>();
    public DbSet<DriftReport> DriftReports => Set<DriftReport>();

    public abstract bool IsUniqueViolation(Exception exception);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as strings: readable rows, and the filtered index can name statuses.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
