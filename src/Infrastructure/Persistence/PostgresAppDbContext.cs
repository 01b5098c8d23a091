using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace TenantAtlas.Infrastructure.Persistence;

public sealed partial class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    public override bool IsUniqueViolation(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        QuoteIndexFilterColumns(modelBuilder.Model);
    }

    /// <summary>
    /// Index filters are written once for every provider (<c>Status IN ('Queued', 'Running')</c>). SQL Server and
    /// SQLite match unquoted identifiers regardless of case; PostgreSQL folds them to lower case, and the columns
    /// EF creates are quoted mixed case. So every bare (or [bracketed]) name of a column of the index's table is
    /// quoted here, whatever entity or index declares the filter.
    /// </summary>
    private static void QuoteIndexFilterColumns(IMutableModel model)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            var columns = entityType.GetRootType().GetDerivedTypesInclusive()
                .SelectMany(t => t.GetDeclaredProperties())
                .Select(p => p.GetColumnName())
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var index in entityType.GetDeclaredIndexes())
            {
                if (index.GetFilter() is { } filter)
                {
                    index.SetFilter(QuoteColumns(filter, columns));
                }
            }
        }
    }

    internal static string QuoteColumns(string sql, HashSet<string> columns) =>
        SqlToken().Replace(sql, m =>
        {
            var token = m.Value;
            if (token.StartsWith('\'') || token.StartsWith('"'))
            {
                return token;
            }

            var name = token.StartsWith('[') ? token[1..^1] : token;
            return columns.TryGetValue(name, out var column) ? $"\"{column}\"" : token;
        });

    // String literals and quoted identifiers are kept as they are; bracketed and bare words are candidates.
    [GeneratedRegex("""'(?:[^']|'')*'|"(?:[^"]|"")*"|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_]*""")]
    private static partial Regex SqlToken();
}
