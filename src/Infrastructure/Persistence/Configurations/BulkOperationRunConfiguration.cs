using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

/// <summary>The columns of runs over policies (sync, capture snapshot, backup set capture, add policies) in the runs table.</summary>
internal sealed class BulkOperationRunConfiguration : IEntityTypeConfiguration<BulkOperationRun>
{
    public void Configure(EntityTypeBuilder<BulkOperationRun> b) =>
        b.HasIndex(x => new { x.TenantId, x.Operation, x.TargetId });
}
