using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TenantAtlas.Infrastructure.IntegrationTests.Messaging;

/// <summary>
/// Issue 14 item 7: the service talks to the broker, the database, Graph and its token authority, nothing else.
/// MassTransit 8.4+ reports usage telemetry to its vendor unless it is turned off; both hosts (the Api, which
/// publishes and may consume in-process, and the Worker, which consumes) register the bus through AddInfrastructure.
/// </summary>
public sealed class UsageTelemetryTests
{
    [TestCase(false, "InMemory", TestName = "Usage_telemetry_is_off_in_the_api_host_publishing_only")]
    [TestCase(true, "InMemory", TestName = "Usage_telemetry_is_off_in_the_embedded_api_host_consuming_in_process")]
    [TestCase(true, "RabbitMq", TestName = "Usage_telemetry_is_off_in_the_worker_host_consuming_from_rabbitmq")]
    public void Usage_telemetry_is_off(bool hostConsumers, string transport)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = "Data Source=:memory:",
            ["Messaging:Transport"] = transport,
            ["Messaging:RabbitMq:Uri"] = "amqp://guest:guest@127.0.0.1:5672/",
            ["Graph:Auth"] = "Emulator",
            ["Graph:BaseUrl"] = "http://127.0.0.1:1/",
        });
        builder.AddInfrastructure(hostConsumers);
        using var services = builder.Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.That(options.Enabled, Is.False, "MassTransit usage telemetry must be disabled");
    }
}
