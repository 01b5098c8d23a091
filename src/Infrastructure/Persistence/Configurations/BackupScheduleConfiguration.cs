using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Schedules;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class BackupScheduleConfiguration : IEntityTypeConfiguration<BackupSchedule>
{
    public void Configure(EntityTypeBuilder<BackupSchedule> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CronExpression).HasMaxLength(120);
        b.Property(x => x.TimeZone).HasMaxLength(100);
        b.Property(x => x.PolicyTypes).HasMaxLength(2000);
        b.Property(x => x.CreatedBy).HasMaxLength(100);
        // The scheduler's due query.
        b.HasIndex(x => new { x.Enabled, x.NextRunAt });
        b.HasIndex(x => x.TenantId);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
