using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.Infrastructure.Persistence;
using TenantAtlas.Tests.Shared;

#pragma warning disable EF1002 // SQL built from constants and generated ids only

namespace TenantAtlas.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The PostgreSQL migrations on a real server (POSTGRES_CONNECTION; tests/run.sh starts a throwaway cluster):
/// they apply to an empty database, the active-run index is partial and unique, and timestamps keep their instant.
/// </summary>
public sealed class PostgresPersistenceTests
{
    private TestDatabase database = null!;
    private AppDbContext db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        if (TestDatabase.PostgresServer is null)
        {
            Assert.Ignore($"{TestDatabase.PostgresVariable} is not set; tests/run.sh starts a PostgreSQL cluster and sets it.");
        }

        database = TestDatabase.Create(DatabaseProvider.Postgres, "persistence");
        db = database.CreateContext();
        await db.Database.MigrateAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        if (db is not null)
        {
            await db.DisposeAsync();
        }

        database?.Dispose();
    }

    [Test]
    public async Task Migrations_apply_to_an_empty_database()
    {
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
        Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.EquivalentTo(db.Database.GetMigrations()));
    }

    [Test]
    public async Task Every_filtered_index_of_the_model_is_a_partial_unique_index_on_the_server()
    {
        var filtered = db.Model.GetEntityTypes().SelectMany(t => t.GetDeclaredIndexes()).Where(i => i.GetFilter() is not null).ToList();
        Assert.That(filtered, Is.Not.Empty);
        foreach (var index in filtered)
        {
            var definition = await db.Database
                .SqlQuery<string>($"SELECT indexdef AS \"Value\" FROM pg_indexes WHERE indexname = {index.GetDatabaseName()}")
                .SingleOrDefaultAsync();
            Assert.That(definition, Does.StartWith("CREATE UNIQUE INDEX").And.Contain("WHERE").And.Contain("\"Status\""), index.GetDatabaseName());
        }
    }

    [Test]
    public async Task A_second_active_run_with_the_same_key_is_a_unique_violation()
    {
        var tenant = await AddTenantAsync();
        var key = $"k-{Guid.NewGuid():N}";
        string Insert(string status, string kind = "BulkOperation") =>
            "INSERT INTO \"Runs\" (\"Id\", \"TenantId\", \"Kind\", \"Status\", \"Total\", \"Processed\", \"Succeeded\", \"Failed\", \"Skipped\", " +
            "\"IdempotencyKey\", \"RequestedBy\", \"CreatedAt\", \"UpdatedAt\", \"Attempt\", \"Operation\") " +
            $"VALUES ('{Guid.NewGuid()}', '{tenant}', '{kind}', '{status}', 0,0,0,0,0, '{key}', 'system', now(), now(), 0, 'policy.sync')";

        await db.Database.ExecuteSqlRawAsync(Insert("Succeeded"));
        await db.Database.ExecuteSqlRawAsync(Insert("Succeeded"));
        await db.Database.ExecuteSqlRawAsync(Insert("Queued"));
        var second = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(Insert("Running")));
        Assert.That(second!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
        Assert.That(db.IsUniqueViolation(second), Is.True);
        Assert.That(db.IsUniqueViolation(new DbUpdateException("wrapped", second)), Is.True);
        // One index for every kind of run.
        var other = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(Insert("Queued", "Restore")));
        Assert.That(db.IsUniqueViolation(other!), Is.True);
    }

    [Test]
    public async Task Other_errors_are_not_unique_violations()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO \"Tenants\" (\"Id\") VALUES (NULL)"));
        Assert.That(db.IsUniqueViolation(error!), Is.False);
    }

    [Test]
    public async Task Timestamps_keep_their_instant_and_compare_in_the_database()
    {
        var created = new DateTimeOffset(2026, 3, 29, 1, 30, 0, 123, TimeSpan.Zero);
        var id = await AddTenantAsync(created);
        db.ChangeTracker.Clear();

        var stored = await db.Set<Tenant>().AsNoTracking().SingleAsync(t => t.Id == id);
        Assert.That(stored.CreatedAt, Is.EqualTo(created));
        Assert.That(stored.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
        var later = await db.Set<Tenant>().CountAsync(t => t.Id == id && t.CreatedAt > created.AddMilliseconds(-1) && t.CreatedAt < created.AddMilliseconds(1));
        Assert.That(later, Is.EqualTo(1));
    }

    private async Task<Guid> AddTenantAsync(DateTimeOffset? createdAt = null)
    {
        var tenant = new Tenant { Id = Guid.NewGuid(), Name = "T", EntraTenantId = Guid.NewGuid(), CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch };
        db.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }
}
