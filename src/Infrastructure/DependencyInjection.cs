using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Infrastructure.Diagnostics;
using TenantAtlas.Infrastructure.Graph;
using TenantAtlas.Infrastructure.Messaging;
using TenantAtlas.Infrastructure.Persistence;
using TenantAtlas.Infrastructure.Runs;

namespace TenantAtlas.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Database, Graph gateway, bus and clock. With <paramref name="hostConsumers"/> the process also consumes run
    /// messages and sweeps for runs to recover (the Worker; or the Api when Worker:InProcess is true).
    /// </summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder, bool hostConsumers)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        builder.AddPersistence();
        builder.AddGraphGateway();
        builder.AddMessaging(hostConsumers);
        builder.AddTelemetry(hostConsumers);
        if (hostConsumers)
        {
            services.AddHostedService<RunRecoveryService>();
            services.AddHostedService<Schedules.BackupSchedulerService>();
        }

        return builder;
    }

    private static void AddPersistence(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();

        var settings = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Fail at registration with the setting's name: without a provider nothing else can be wired.
        var validation = new DatabaseOptionsValidator().Validate(null, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), validation.Failures);
        }

        switch (settings.Provider)
        {
            case DatabaseProvider.SqlServer:
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>(o =>
                    o.UseSqlServer(settings.ConnectionString, sql => sql.EnableRetryOnFailure()).AddInterceptors(DbCommandCounter.Instance));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<AppDbContext, PostgresAppDbContext>(o =>
                    o.UseNpgsql(settings.ConnectionString, npgsql => npgsql.EnableRetryOnFailure()).AddInterceptors(DbCommandCounter.Instance));
                break;
            case DatabaseProvider.Sqlite:
                var connectionString = ResolveSqlitePath(settings.ConnectionString, builder.Environment.ContentRootPath);
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionTuning(), DbCommandCounter.Instance));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{settings.Provider}' is not supported: use Sqlite, SqlServer or Postgres.");
        }

        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<AppDbContext>());
        services.AddHostedService<DatabaseInitializer>();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
    }

    private static string? ResolveSqlitePath(string? connectionString, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && !Path.IsPathRooted(csb.DataSource)
            && csb.Mode != SqliteOpenMode.Memory)
        {
            csb.DataSource = Path.Combine(contentRoot, csb.DataSource);
        }

        return csb.ToString();
    }

    private static void AddMessaging(this IHostApplicationBuilder builder, bool hostConsumers)
    {
        var services = builder.Services;
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IRunDispatcher, MassTransitRunDispatcher>();

        var settings = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        var queueName = $"{settings.RabbitMq.QueuePrefix}-runs";
        var consumed = new RunConsumerCatalog();
        services.AddSingleton(consumed);
        services.AddHostedService<RunKindsStartupCheck>();
        services.AddMassTransit(bus =>
        {
            // No outbound calls besides the broker, the database, Graph and its token authority (README).
            bus.DisableUsageTelemetry();
            if (hostConsumers)
            {
                consumed.Add(RunConsumers.Add(bus, RunKinds.All));
            }

            void ConfigureRunsEndpoint(IBusFactoryConfigurator cfg, IBusRegistrationContext context)
            {
                if (!hostConsumers)
                {
                    return;
                }

                var partitioner = cfg.CreatePartitioner(settings.TenantPartitions);
                cfg.ReceiveEndpoint(queueName, endpoint =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && settings.RabbitMq.TemporaryQueues)
                    {
                        // Auto-delete but durable: MassTransit declares a non-durable auto-delete queue exclusive,
                        // and several workers of one test compete on this queue.
                        rabbit.AutoDelete = true;
                    }

                    endpoint.ConcurrentMessageLimit = settings.ConcurrentMessageLimit;
                    // No more unacknowledged runs than it works on: a run message waiting in one worker's buffer
                    // (behind its concurrency limit or a busy partition) cannot go to an idle worker.
                    endpoint.PrefetchCount = settings.ConcurrentMessageLimit;
                    // Short transient faults only (database busy); Graph backoff lives in the Graph gateway.
                    endpoint.UseMessageRetry(r => r.Intervals(100, 500, 2000));
                    RunConsumers.Configure(endpoint, context, partitioner, RunKinds.All);
                });
            }

            switch (settings.Transport)
            {
                case MessageTransport.RabbitMq:
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(new Uri(settings.RabbitMq.Uri));
                        if (settings.RabbitMq.QuorumQueues)
                        {
                            cfg.SetQuorumQueue();
                        }

                        ConfigureRunsEndpoint(cfg, context);
                    });
                    break;
                default:
                    bus.UsingInMemory((context, cfg) => ConfigureRunsEndpoint(cfg, context));
                    break;
            }
        });
    }
}
