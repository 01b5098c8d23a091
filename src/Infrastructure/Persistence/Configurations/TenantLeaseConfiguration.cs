using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class TenantLeaseConfiguration : IEntityTypeConfiguration<TenantLease>
{
    public void Configure(EntityTypeBuilder<TenantLease> b)
    {
        // One row per tenant at most: the primary key is the mutual exclusion.
        b.HasKey(x => x.TenantId);
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
