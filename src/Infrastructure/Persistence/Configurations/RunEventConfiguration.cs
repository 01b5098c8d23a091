using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class RunEventConfiguration : IEntityTypeConfiguration<RunEvent>
{
    public void Configure(EntityTypeBuilder<RunEvent> b)
    {
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.Operation).HasMaxLength(64);
        b.Property(x => x.Type).HasMaxLength(16);
        b.HasIndex(x => new { x.TenantId, x.Id });
        b.HasIndex(x => x.RunId);
        // Retention deletes by age every sweep.
        b.HasIndex(x => x.OccurredAt);
    }
}
