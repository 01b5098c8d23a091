using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class ScheduleSlotConfiguration : IEntityTypeConfiguration<ScheduleSlot>
{
    public void Configure(EntityTypeBuilder<ScheduleSlot> b)
    {
        // One row per schedule and occurrence: the primary key is what makes a due slot start exactly once.
        b.HasKey(x => new { x.ScheduleId, x.SlotTime });
        b.Property(x => x.Note).HasMaxLength(200);
        b.HasIndex(x => x.BackupSetId);
        b.HasIndex(x => x.TenantId);
        b.HasOne<BackupSchedule>().WithMany().HasForeignKey(x => x.ScheduleId).OnDelete(DeleteBehavior.Cascade);
    }
}
