using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Policies;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class BackupItemConfiguration : IEntityTypeConfiguration<BackupItem>
{
    public void Configure(EntityTypeBuilder<BackupItem> b)
    {
        b.Property(x => x.PolicyType).HasMaxLength(64);
        b.Property(x => x.GraphId).HasMaxLength(100);
        b.Property(x => x.DisplayName).HasMaxLength(400);
        // One item per policy per set: a resumed capture cannot add a duplicate.
        b.HasIndex(x => new { x.BackupSetId, x.PolicyId }).IsUnique();
        b.HasIndex(x => x.TenantId);
        b.HasOne<BackupSet>().WithMany().HasForeignKey(x => x.BackupSetId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PolicyVersion>().WithMany().HasForeignKey(x => x.PolicyVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
