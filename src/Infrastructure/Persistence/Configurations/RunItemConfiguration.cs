using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class RunItemConfiguration : IEntityTypeConfiguration<RunItem>
{
    public void Configure(EntityTypeBuilder<RunItem> b)
    {
        b.Property(x => x.ItemKey).HasMaxLength(100);
        b.Property(x => x.DisplayName).HasMaxLength(400);
        b.Property(x => x.PolicyType).HasMaxLength(64);
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.GraphId).HasMaxLength(100);
        b.Property(x => x.SkipReason).HasMaxLength(100);
        b.Property(x => x.ErrorCode).HasMaxLength(100);
        b.Property(x => x.ErrorMessage).HasMaxLength(1000);
        b.Property(x => x.ErrorRequestId).HasMaxLength(100);
        b.HasIndex(x => new { x.RunId, x.ItemKey }).IsUnique();
        b.HasIndex(x => new { x.RunId, x.Status });
    }
}
