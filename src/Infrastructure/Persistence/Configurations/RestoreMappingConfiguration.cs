using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Restores;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

/// <summary>One mapping document per (source, target) pair; it goes with either tenant.</summary>
internal sealed class RestoreMappingConfiguration : IEntityTypeConfiguration<RestoreMapping>
{
    public void Configure(EntityTypeBuilder<RestoreMapping> b)
    {
        b.HasIndex(x => new { x.TenantId, x.SourceTenantId }).IsUnique();
        b.HasIndex(x => x.SourceTenantId);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.SourceTenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
