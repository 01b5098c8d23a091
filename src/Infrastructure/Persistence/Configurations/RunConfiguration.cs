using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

/// <summary>
/// The one runs table: table per hierarchy with a <c>Kind</c> discriminator, so every kind shares one
/// idempotency index and one query path (list, detail, active, sweep), while each shape keeps typed,
/// indexable columns of its own (a restore's BackupSetId stays a real foreign key).
/// </summary>
internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    /// <summary>Works on SQL Server (filtered index) and SQLite (partial index).</summary>
    public const string ActiveFilter = "Status IN ('Queued', 'Running')";

    public void Configure(EntityTypeBuilder<Run> b)
    {
        b.ToTable("Runs");
        b.HasDiscriminator(x => x.Kind)
            .HasValue<BulkOperationRun>(RunKind.BulkOperation)
            .HasValue<RestoreRun>(RunKind.Restore);
        b.Property(x => x.Status).IsConcurrencyToken();
        b.Property(x => x.Operation).HasMaxLength(64);
        b.Property(x => x.IdempotencyKey).HasMaxLength(300);
        b.Property(x => x.RequestedBy).HasMaxLength(100);
        b.Property(x => x.FailureCode).HasMaxLength(100);
        b.Property(x => x.FailureMessage).HasMaxLength(1000);
        b.Ignore(x => x.IsTerminal);
        b.HasIndex(x => x.IdempotencyKey).IsUnique().HasFilter(ActiveFilter).HasDatabaseName("IX_Runs_ActiveIdempotencyKey");
        b.HasIndex(x => new { x.TenantId, x.CreatedAt });
        b.HasIndex(x => new { x.TenantId, x.Operation, x.CreatedAt });
        b.HasIndex(x => new { x.Status, x.LeaseExpiresAt });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
