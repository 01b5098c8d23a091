using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantAtlas.Infrastructure.Persistence;

/// <summary>
/// Per-connection SQLite settings for many concurrent workers on one file: wait for a lock inside SQLite
/// (fine-grained) instead of failing and sleeping in the driver, and sync less often (safe with WAL).
/// WAL itself is a property of the file, set once by <see cref="DatabaseInitializer"/>.
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 15000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
