using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.Security;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Persistence;
using TenantAtlas.Tests.Shared;

namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>
/// The real Api over a database of its own (a SQLite file, or a PostgreSQL database when the run's
/// TEST_DATABASE_PROVIDER is Postgres: <see cref="TestDatabase"/>), the in-memory bus, and a Graph emulator over real HTTP.
/// With <see cref="HostConsumers"/> false, runs stay Queued and published messages are captured by
/// MassTransit's test harness; with true, the Api consumes its own messages (the embedded default).
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase database = TestDatabase.Create("test");
    private readonly Dictionary<string, string?> settings = new();

    public ApiFactory(bool hostConsumers = false, GraphEmulatorServer? emulator = null)
    {
        HostConsumers = hostConsumers;
        Emulator = emulator;
    }

    public bool HostConsumers { get; }

    public GraphEmulatorServer? Emulator { get; }

    /// <summary>Every log line of the host, when <see cref="CaptureLogs"/> was called before the first client.</summary>
    public CapturedLogs? Logs { get; private set; }

    /// <summary>Captures the host's log lines in <see cref="Logs"/>; call before the first client is created.</summary>
    public ApiFactory CaptureLogs()
    {
        Logs ??= new CapturedLogs();
        return this;
    }

    /// <summary>Extra configuration, set before the first client is created.</summary>
    public ApiFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in database.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Messaging:Transport", "InMemory");
        builder.UseSetting("Worker:InProcess", HostConsumers ? "true" : "false");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Runs:SweepInterval", "00:00:00.250");
        builder.UseSetting("Graph:Auth", "Emulator");
        // Without an emulator, Graph points at a closed loopback port: a test that reaches Graph fails loudly.
        builder.UseSetting("Graph:BaseUrl", Emulator?.BaseAddress.ToString().TrimEnd('/') ?? "http://127.0.0.1:9");

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (!HostConsumers)
        {
            builder.ConfigureServices(services => services.AddMassTransitTestHarness());
        }

        if (Logs is { } logs)
        {
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        }
    }

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public DevelopmentTokens Tokens => Services.GetRequiredService<DevelopmentTokens>();

    /// <summary>Runs work against the Api's database in a fresh scope.</summary>
    public async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task DbAsync(Func<AppDbContext, Task> work) => DbAsync(async db => { await work(db); return true; });

    public HttpClient CreateClientFor(string subject, bool mspAdmin = false)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Create(subject, mspAdmin: mspAdmin));
        return client;
    }

    public HttpClient CreateApiKeyClient(string secret)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"ApiKey {secret}");
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            database.Dispose();
        }
    }

    /// <summary>Deletes every row (between tests), keeping the schema.</summary>
    public Task ResetDatabaseAsync() => DbAsync(async db =>
    {
        foreach (var table in new[]
                 {
                     "ScheduleSlots", "BackupSchedules", "DriftReports", "IdempotencyRecords", "AuditLogs", "Notifications", "RunEvents", "RunItems", "TenantLeases", "Runs", "BackupItems", "BackupSets",
                     "RestoreMappings", "PolicyVersions", "Policies", "ApiKeys", "TenantMemberships", "Users", "Tenants",
                 })
        {
#pragma warning disable EF1002 // table names are constants above
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"");
#pragma warning restore EF1002
        }
    });
}
