using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Policies;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public void Configure(EntityTypeBuilder<PolicyVersion> b)
    {
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.HasIndex(x => new { x.PolicyId, x.VersionNumber }).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.PolicyId });
        b.HasOne<Policy>().WithMany().HasForeignKey(x => x.PolicyId).OnDelete(DeleteBehavior.Cascade);
    }
}
