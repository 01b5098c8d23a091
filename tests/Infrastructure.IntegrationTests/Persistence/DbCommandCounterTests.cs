using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TenantAtlas.Infrastructure.IntegrationTests.Diagnostics;
using TenantAtlas.Infrastructure.Persistence;

namespace TenantAtlas.Infrastructure.IntegrationTests.Persistence;

/// <summary>Issue 13's measurement: every command EF Core sends through the registered DbContext is counted.</summary>
public sealed class DbCommandCounterTests
{
    [Test]
    public async Task Counter_moves_once_per_command_when_queries_and_statements_run_sync_and_async()
    {
        var connectionString = $"Data Source=file:dbcommands-{Guid.NewGuid():N}?mode=memory&cache=shared";
        // Keeps the shared in-memory database alive between the context's own connection opens.
        await using var keepAlive = new SqliteConnection(connectionString);
        await keepAlive.OpenAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = connectionString,
            ["Messaging:Transport"] = "InMemory",
            ["Graph:Auth"] = "Emulator",
            ["Graph:BaseUrl"] = "http://127.0.0.1:9",
        });
        builder.AddInfrastructure(hostConsumers: false);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.EnsureCreatedAsync();

        using var capture = new MetricCapture();
        _ = await db.Tenants.AsNoTracking().ToListAsync();              // reader, async
        _ = db.Tenants.AsNoTracking().Count();                          // reader, sync
        _ = await db.Database.ExecuteSqlRawAsync("DELETE FROM Tenants"); // non-query, async
        _ = db.Database.ExecuteSqlRaw("DELETE FROM Tenants");           // non-query, sync

        var counted = capture.Measurements.Where(m => m.Instrument == DbCommandCounter.CommandsName).Sum(m => m.Value);
        Assert.That(counted, Is.EqualTo(4));
    }
}
