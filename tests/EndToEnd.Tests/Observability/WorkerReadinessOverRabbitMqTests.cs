using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TenantAtlas.EndToEnd.Tests.Infrastructure;

namespace TenantAtlas.EndToEnd.Tests.Observability;

/// <summary>Issue 18 item 4: the Worker's readiness shows its database, its bus and its consumers connected to RabbitMQ.</summary>
public sealed class WorkerReadinessOverRabbitMqTests
{
    private EndToEndEnvironment env = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => env = await EndToEndEnvironment.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await env.DisposeAsync();

    private static async Task<Dictionary<string, JsonNode>> ChecksAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return report["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);
    }

    [Test]
    public async Task Worker_readiness_lists_database_bus_and_consumers_healthy_with_the_runs_queue_consuming()
    {
        using var client = env.Worker.CreateClient();

        var checks = await ChecksAsync(client);

        Assert.That(checks.Keys, Is.SupersetOf(new[] { "database", "masstransit-bus", "consumers" }));
        Assert.That(checks.Values.Select(c => c["status"]!.GetValue<string>()), Is.All.EqualTo("Healthy"));
        var endpoints = checks["consumers"]["data"]!.AsObject();
        Assert.That(endpoints.Select(e => e.Key), Has.Some.EndsWith("-runs"), endpoints.ToJsonString());
        Assert.That(endpoints.Where(e => e.Key.EndsWith("-runs", StringComparison.Ordinal)).Select(e => e.Value!.GetValue<string>()), Is.All.EqualTo("Ready"));
    }

    [Test]
    public async Task Api_that_only_publishes_is_ready_without_a_consumers_check()
    {
        using var client = env.Api.CreateClient();

        var checks = await ChecksAsync(client);

        Assert.That(checks.Keys, Does.Contain("database").And.Contain("masstransit-bus").And.Not.Contain("consumers"));
    }
}
