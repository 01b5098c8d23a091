using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Tests.Shared;

/// <summary>
/// A database of its own for one test host (or fixture). <c>TEST_DATABASE_PROVIDER</c> chooses the provider of
/// the run: <c>Sqlite</c> (default) is a temp file; <c>Postgres</c> is a database created on the server named by
/// <c>POSTGRES_CONNECTION</c> and dropped at dispose. tests/run.sh runs the persistence, functional and end-to-end
/// suites once per provider.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string ProviderVariable = "TEST_DATABASE_PROVIDER";
    public const string PostgresVariable = "POSTGRES_CONNECTION";

    private readonly string? sqlitePath;
    private readonly string? postgresName;
    private bool disposed;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqlitePath, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.sqlitePath = sqlitePath;
        this.postgresName = postgresName;
    }

    /// <summary>The provider of this test run.</summary>
    public static DatabaseProvider RunProvider { get; } = ReadRunProvider();

    /// <summary>The server of <c>POSTGRES_CONNECTION</c>, or null when it is not set.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A new empty database of the run's provider; <paramref name="label"/> shows in its name.</summary>
    public static TestDatabase Create(string label) => Create(RunProvider, label);

    public static TestDatabase Create(DatabaseProvider provider, string label) => provider switch
    {
        DatabaseProvider.Sqlite => CreateSqlite(label),
        DatabaseProvider.Postgres => CreatePostgres(label),
        _ => throw new NotSupportedException($"The tests run on Sqlite or Postgres, not {provider}."),
    };

    /// <summary>The settings that point a host at this database.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Database:Provider", Provider.ToString()),
        new("Database:ConnectionString", ConnectionString),
    ];

    /// <summary>A context over this database (migrations not applied).</summary>
    public AppDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString).Options),
        _ => new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(ConnectionString).Options),
    };

    /// <summary>Adds to the options of the host's context, whichever provider's subclass it is.</summary>
    public static void ConfigureDbContext(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
    {
        switch (RunProvider)
        {
            case DatabaseProvider.Sqlite:
                services.ConfigureDbContext<SqliteAppDbContext>((_, options) => configure(options));
                break;
            default:
                services.ConfigureDbContext<PostgresAppDbContext>((_, options) => configure(options));
                break;
        }
    }

    private static DatabaseProvider ReadRunProvider()
    {
        var value = Environment.GetEnvironmentVariable(ProviderVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && provider is DatabaseProvider.Sqlite or DatabaseProvider.Postgres
            ? provider
            : throw new InvalidOperationException($"{ProviderVariable}='{value}' is not a test provider: use Sqlite or Postgres.");
    }

    private static TestDatabase CreateSqlite(string label)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tenantatlas-{label}-{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={path}", path, null);
    }

    private static TestDatabase CreatePostgres(string label)
    {
        var server = PostgresServer
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: tests/run.sh starts a PostgreSQL cluster and sets it.");
        var name = $"ta_{new string(label.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}_{Guid.NewGuid():N}";
        using (var admin = OpenAdmin(server))
        using (var command = admin.CreateCommand())
        {
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }

        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, database.ConnectionString, null, name);
    }

    private static NpgsqlConnection OpenAdmin(string server)
    {
        var builder = new NpgsqlConnectionStringBuilder(server) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try
                {
                    File.Delete(sqlitePath + suffix);
                }
                catch (IOException)
                {
                }
            }
        }

        if (postgresName is not null)
        {
            using (var pooled = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            using var admin = OpenAdmin(PostgresServer!);
            using var command = admin.CreateCommand();
            // FORCE ends sessions a stopped host may still hold.
            command.CommandText = $"DROP DATABASE IF EXISTS \"{postgresName}\" WITH (FORCE)";
            command.ExecuteNonQuery();
        }
    }
}
