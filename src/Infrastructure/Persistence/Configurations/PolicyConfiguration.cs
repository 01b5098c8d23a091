using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class PolicyConfiguration : IEntityTypeConfiguration<Policy>
{
    public void Configure(EntityTypeBuilder<Policy> b)
    {
        b.Property(x => x.GraphId).HasMaxLength(100);
        b.Property(x => x.PolicyType).HasMaxLength(64);
        b.Property(x => x.DisplayName).HasMaxLength(400);
        b.Property(x => x.Platform).HasMaxLength(100);
        b.HasIndex(x => new { x.TenantId, x.PolicyType, x.GraphId }).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.DisplayName });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
