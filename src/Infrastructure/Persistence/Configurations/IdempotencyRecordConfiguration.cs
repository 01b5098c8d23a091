using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Idempotency;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.Property(x => x.Caller).HasMaxLength(100);
        b.Property(x => x.Key).HasMaxLength(255);
        b.Property(x => x.Fingerprint).HasMaxLength(64);
        b.Property(x => x.ResponseContentType).HasMaxLength(200);
        b.Property(x => x.ResponseLocation).HasMaxLength(500);
        // The database decides the race between two requests with the same key.
        b.HasIndex(x => new { x.Caller, x.Key }).IsUnique();
        b.HasIndex(x => x.ExpiresAt);
    }
}
