using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.Security;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Persistence;
using TenantAtlas.Tests.Shared;

namespace TenantAtlas.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The production shape on one machine: the Api host (publishes only) and the Worker host (consumes)
/// as two separate hosts sharing a database and a real RabbitMQ broker, with Graph served by the
/// emulator over real HTTP. RABBITMQ_URI selects the broker, TEST_DATABASE_PROVIDER the database (a SQLite
/// file, or a PostgreSQL database of its own: <see cref="TestDatabase"/>); tests/run.sh sets both.
/// </summary>
public sealed class EndToEndEnvironment : IAsyncDisposable
{
    private readonly TestDatabase database = TestDatabase.Create("e2e");
    private readonly string queuePrefix = $"e2e-{Guid.NewGuid():N}";

    private EndToEndEnvironment(GraphEmulatorServer emulator)
    {
        Emulator = emulator;
    }

    public static string BrokerUri => Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";

    public GraphEmulatorServer Emulator { get; }

    public WebApplicationFactory<DevelopmentTokens> Api { get; private set; } = null!;

    public WebApplicationFactory<TenantAtlas.Worker.SystemActor> Worker { get; private set; } = null!;

    /// <param name="configureApi">Extra services for the Api host only (e.g. a span exporter).</param>
    public static async Task<EndToEndEnvironment> StartAsync(
        IDictionary<string, string?>? extraSettings = null, Action<IServiceCollection>? configureApi = null)
    {
        var emulator = await GraphEmulatorServer.StartAsync();
        var environment = new EndToEndEnvironment(emulator);
        environment.Api = new WebApplicationFactory<DevelopmentTokens>()
            .WithWebHostBuilder(b =>
            {
                environment.Configure(b, migrate: true, workerInProcess: false, extraSettings);
                if (configureApi is not null)
                {
                    b.ConfigureServices(configureApi);
                }
            });
        // The Api creates the schema; the worker starts after it.
        _ = environment.Api.Server;
        environment.Worker = new WebApplicationFactory<TenantAtlas.Worker.SystemActor>()
            .WithWebHostBuilder(b => environment.Configure(b, migrate: false, workerInProcess: true, extraSettings));
        _ = environment.Worker.Server;
        await environment.WaitUntilWorkerReadyAsync();
        return environment;
    }

    /// <summary>
    /// The worker's queue and its bindings exist only once its bus is ready; a run published before that
    /// would wait for the recovery sweeper. Readiness includes the bus, so wait for it (bounded).
    /// </summary>
    private async Task WaitUntilWorkerReadyAsync()
    {
        using var client = Worker.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The worker did not become ready within 60 s.");
    }

    private void Configure(IWebHostBuilder builder, bool migrate, bool workerInProcess, IDictionary<string, string?>? extra)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in HostSettings(migrate, workerInProcess, Emulator.BaseAddress, extra))
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The configuration of a host of this environment (also handed to a worker process as environment variables).</summary>
    public IEnumerable<KeyValuePair<string, string?>> HostSettings(
        bool migrate, bool workerInProcess, Uri graphBaseAddress, IDictionary<string, string?>? extra)
    {
        foreach (var (key, value) in database.Settings)
        {
            yield return new(key, value);
        }

        yield return new("Database:MigrateOnStartup", migrate ? "true" : "false");
        yield return new("Messaging:Transport", "RabbitMq");
        yield return new("Messaging:RabbitMq:Uri", BrokerUri);
        yield return new("Messaging:RabbitMq:QueuePrefix", queuePrefix);
        yield return new("Messaging:RabbitMq:TemporaryQueues", "true");
        yield return new("Worker:InProcess", workerInProcess ? "true" : "false");
        yield return new("Demo:Enabled", "false");
        yield return new("Runs:SweepInterval", "00:00:01");
        yield return new("Graph:Auth", "Emulator");
        yield return new("Graph:BaseUrl", graphBaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            yield return new(key, value);
        }
    }

    public HttpClient ApiClientFor(string subject, bool mspAdmin = false)
    {
        var client = Api.CreateClient();
        var tokens = Api.Services.GetRequiredService<DevelopmentTokens>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Create(subject, mspAdmin: mspAdmin));
        return client;
    }

    public async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Polls the database until the condition holds or the timeout passes (bounded).</summary>
    public async Task<T> WaitForAsync<T>(Func<AppDbContext, Task<T>> read, Func<T, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        T value;
        do
        {
            value = await DbAsync(read);
            if (condition(value))
            {
                return value;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return value;
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        await Emulator.DisposeAsync();
        database.Dispose();
    }
}
