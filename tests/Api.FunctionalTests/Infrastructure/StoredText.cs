using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Every text value of every column of every table the EF model maps (the model is enumerated, so a new
/// table or column is searched without touching the tests that use this).
/// </summary>
public static class StoredText
{
    public static Task<List<string>> AllAsync(ApiFactory factory) => factory.DbAsync(AllAsync);

    public static async Task<List<string>> AllAsync(AppDbContext db)
    {
        var values = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var columnsByTable = new Dictionary<string, HashSet<string>>();
            foreach (var entity in db.Model.GetEntityTypes())
            {
                if (entity.GetTableName() is not { } table)
                {
                    continue;
                }

                var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
                var columns = columnsByTable.TryGetValue(table, out var existing) ? existing : columnsByTable[table] = [];
                foreach (var property in entity.GetProperties())
                {
                    var providerType = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
                    if (providerType == typeof(string) && property.GetColumnName(store) is { } column)
                    {
                        columns.Add(column);
                    }
                }
            }

            Assert.That(columnsByTable.Keys, Does.Contain("IdempotencyRecords").And.Contain("AuditLogs").And.Contain("ApiKeys"), "the model enumeration found the tables");
            foreach (var (table, columns) in columnsByTable.Where(t => t.Value.Count > 0))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\"";
                await using DbDataReader reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (!reader.IsDBNull(i) && reader.GetValue(i) is string s)
                        {
                            values.Add(s);
                        }
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return values;
    }
}
