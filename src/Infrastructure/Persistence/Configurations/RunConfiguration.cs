using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Infrastructure.Persistence.Configurations;

/// <summary>Columns and indexes common to both run tables.</summary>
internal static class RunConfiguration
{
    /// <summary>Works on SQL Server (filtered index) and SQLite (partial index).</summary>
    public const string ActiveFilter = "Status IN ('Queued', 'Running')";

    public static void ConfigureRun<TRun>(EntityTypeBuilder<TRun> b) where TRun : Run
    {
        b.Property(x => x.Status).IsConcurrencyToken();
        b.Property(x => x.IdempotencyKey).HasMaxLength(300);
        b.Property(x => x.RequestedBy).HasMaxLength(100);
        b.Property(x => x.FailureCode).HasMaxLength(100);
        b.Property(x => x.FailureMessage).HasMaxLength(1000);
        b.Ignore(x => x.Kind);
        b.Ignore(x => x.OperationName);
        b.Ignore(x => x.IsTerminal);
        b.HasIndex(x => x.IdempotencyKey).IsUnique().HasFilter(ActiveFilter).HasDatabaseName($"IX_{typeof(TRun).Name}s_ActiveIdempotencyKey");
        b.HasIndex(x => new { x.TenantId, x.CreatedAt });
        b.HasIndex(x => new { x.Status, x.LeaseExpiresAt });
    }
}
