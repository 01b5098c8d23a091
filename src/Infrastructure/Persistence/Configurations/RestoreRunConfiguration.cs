using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

/// <summary>The columns of restore runs and previews in the runs table.</summary>
internal sealed class RestoreRunConfiguration : IEntityTypeConfiguration<RestoreRun>
{
    public void Configure(EntityTypeBuilder<RestoreRun> b)
    {
        b.Property(x => x.ScopeHash).HasMaxLength(64);
        b.HasIndex(x => x.BackupSetId);
        b.HasIndex(x => x.SourceTenantId);
        b.Ignore(x => x.IsCrossTenant);
        // Restore runs keep their history; a backup set in use by a run cannot be deleted.
        b.HasOne<BackupSet>().WithMany().HasForeignKey(x => x.BackupSetId).OnDelete(DeleteBehavior.Restrict);
    }
}
