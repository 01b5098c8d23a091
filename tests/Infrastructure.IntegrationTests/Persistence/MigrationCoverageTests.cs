using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Infrastructure.Persistence;

#pragma warning disable EF1002 // SQL built from constants and generated ids only

namespace TenantAtlas.Infrastructure.IntegrationTests.Persistence;

/// <summary>Fails when the model has changes that no migration covers, for each provider.</summary>
public sealed class MigrationCoverageTests
{
    [Test]
    public void Sqlite_migrations_cover_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "The model changed without a Sqlite migration: dotnet ef migrations add <Name> --context SqliteAppDbContext --output-dir Persistence/Migrations/Sqlite");
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void SqlServer_migrations_cover_the_model()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "The model changed without a SqlServer migration: dotnet ef migrations add <Name> --context SqlServerAppDbContext --output-dir Persistence/Migrations/SqlServer");
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void Postgres_migrations_cover_the_model()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "The model changed without a Postgres migration: scripts/regenerate-migrations.sh Postgres");
        Assert.That(db.Database.GetMigrations(), Is.Not.Empty);
    }

    [Test]
    public void Postgres_migration_quotes_the_columns_of_every_index_filter()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        var sql = db.GetService<IMigrator>().GenerateScript();
        var filtered = db.Model.GetEntityTypes().SelectMany(t => t.GetDeclaredIndexes()).Where(i => i.GetFilter() is not null).ToList();
        Assert.That(filtered, Is.Not.Empty);
        foreach (var index in filtered)
        {
            // Unquoted, PostgreSQL would look for a column "status" and the migration would fail.
            Assert.That(sql, Does.Contain($"CREATE UNIQUE INDEX \"{index.GetDatabaseName()}\"").And.Contain("WHERE \"Status\" IN ('Queued', 'Running')"));
        }

        Assert.That(sql, Does.Not.Contain("WHERE Status"));
    }

    [Test]
    public void SqlServer_migration_creates_the_filtered_unique_index_on_active_idempotency_keys()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var sql = db.GetService<IMigrator>().GenerateScript();
        // One runs table for every kind, so one index dedupes them all.
        Assert.That(sql, Does.Contain("CREATE UNIQUE INDEX [IX_Runs_ActiveIdempotencyKey]").And.Contain("WHERE Status IN ('Queued', 'Running')"));
        Assert.That(sql, Does.Not.Contain("BulkOperationRuns").And.Not.Contain("RestoreRuns"));
    }

    [Test]
    public async Task Sqlite_migrations_apply_to_an_empty_database_and_enforce_one_active_run_per_key()
    {
        var path = Path.Combine(Path.GetTempPath(), $"migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={path}").Options);
            await db.Database.MigrateAsync();
            Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);

            var tenant = Guid.NewGuid();
            await db.Database.ExecuteSqlRawAsync($"INSERT INTO Tenants (Id, Name, EntraTenantId, GraphProfile, CreatedAt) VALUES ('{tenant.ToString().ToUpperInvariant()}', 'T', '{Guid.NewGuid().ToString().ToUpperInvariant()}', 'default', 0)");
            string Insert(string status, string kind = "BulkOperation") =>
                $"INSERT INTO Runs (Id, TenantId, Kind, Status, Total, Processed, Succeeded, Failed, Skipped, IdempotencyKey, RequestedBy, CreatedAt, UpdatedAt, Attempt, Operation) " +
                $"VALUES ('{Guid.NewGuid().ToString().ToUpperInvariant()}', '{tenant.ToString().ToUpperInvariant()}', '{kind}', '{status}', 0,0,0,0,0, 'k', 'system', 0, 0, 0, 'policy.sync')";

            await db.Database.ExecuteSqlRawAsync(Insert("Succeeded"));
            await db.Database.ExecuteSqlRawAsync(Insert("Succeeded"));
            await db.Database.ExecuteSqlRawAsync(Insert("Queued"));
            var second = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlRawAsync(Insert("Running")));
            Assert.That(db.IsUniqueViolation(second!), Is.True);
            // The index spans every kind: a row of another shape with the same active key is refused too.
            var other = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlRawAsync(Insert("Queued", "Restore")));
            Assert.That(db.IsUniqueViolation(other!), Is.True);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
