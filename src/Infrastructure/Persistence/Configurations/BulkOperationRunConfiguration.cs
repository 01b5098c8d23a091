using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class BulkOperationRunConfiguration : IEntityTypeConfiguration<BulkOperationRun>
{
    public void Configure(EntityTypeBuilder<BulkOperationRun> b)
    {
        RunConfiguration.ConfigureRun(b);
        b.Property(x => x.Operation).HasMaxLength(64);
        b.HasIndex(x => new { x.TenantId, x.Operation, x.TargetId });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
