using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TenantAtlas.Application.Diagnostics;

namespace TenantAtlas.Infrastructure.Persistence;

/// <summary>
/// Counts every command EF Core sends to the database (reader, non-query, scalar; sync and async) into
/// <c>tenantatlas.db.commands</c>, so the statements a run costs per item can be read off a metrics scrape
/// (issue 13's measurement). Counted when the command is about to execute, so failed commands count too.
/// Commands issued on the raw connection outside EF (the SQLite PRAGMAs of <see cref="SqliteConnectionTuning"/>) are not.
/// </summary>
internal sealed class DbCommandCounter : DbCommandInterceptor
{
    public const string CommandsName = "tenantatlas.db.commands";

    private static readonly Counter<long> Commands = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        CommandsName, "{command}", "Database commands sent by EF Core (every query, insert, update, delete and batch).");

    /// <summary>Stateless: one instance serves every DbContext.</summary>
    public static readonly DbCommandCounter Instance = new();

    private DbCommandCounter()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Commands.Add(1);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Commands.Add(1);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Commands.Add(1);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Commands.Add(1);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Commands.Add(1);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Commands.Add(1);
        return ValueTask.FromResult(result);
    }
}
