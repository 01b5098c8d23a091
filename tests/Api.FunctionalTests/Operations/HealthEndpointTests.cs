using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;

namespace TenantAtlas.Api.FunctionalTests.Operations;

/// <summary>Issue 18 item 4: readiness covers the database, the bus and (where the host consumes) its consumers, as JSON.</summary>
public sealed class HealthEndpointTests : ApiTestFixture
{
    private ApiFactory publishing = null!;

    /// <summary>The fixture's Api consumes its own messages; <see cref="publishing"/> only publishes.</summary>
    protected override ApiFactory CreateFactory() => new(hostConsumers: true);

    protected override bool ResetDatabaseBeforeEachTest => false;

    [OneTimeSetUp]
    public void StartPublishingApi() => publishing = Own(new ApiFactory(hostConsumers: false));

    private static async Task<JsonObject> ReadyAsync(ApiFactory factory)
    {
        using var client = factory.CreateClient();
        // The bus connects in the background; readiness turns healthy once it has (bounded wait).
        HttpResponseMessage response = null!;
        for (var i = 0; i < 100; i++)
        {
            response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static Dictionary<string, string> Checks(JsonObject report) =>
        report["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());

    [Test]
    public async Task Ready_reports_database_bus_and_consumers_each_healthy_when_the_api_hosts_the_consumers()
    {
        var report = await ReadyAsync(Factory);
        TestContext.Out.WriteLine(report.ToJsonString());

        Assert.That(report["status"]!.GetValue<string>(), Is.EqualTo("Healthy"));
        var checks = Checks(report);
        Assert.That(checks.Keys, Is.SupersetOf(new[] { "database", "masstransit-bus", "consumers" }), report.ToJsonString());
        Assert.That(checks.Values, Is.All.EqualTo("Healthy"));
        var consumers = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "consumers")!;
        Assert.That(consumers["data"]!.AsObject().Select(d => d.Value!.GetValue<string>()), Is.Not.Empty.And.All.EqualTo("Ready"));
    }

    [Test]
    public async Task Ready_has_no_consumers_check_when_the_api_only_publishes()
    {
        var checks = Checks(await ReadyAsync(publishing));

        Assert.That(checks.Keys, Does.Contain("database"));
        Assert.That(checks.Keys, Does.Not.Contain("consumers"));
    }

    [Test]
    public async Task Ready_answers_503_with_the_failing_check_when_the_database_is_unreachable()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tenantatlas-missing-{Guid.NewGuid():N}");
        using var broken = new ApiFactory(hostConsumers: false)
            .With("Database:MigrateOnStartup", "false")
            .With("Database:ConnectionString", $"Data Source={Path.Combine(directory, "none.db")};Mode=ReadOnly");
        using var client = broken.CreateClient();

        var response = await client.GetAsync("/health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(Checks(report)["database"], Is.EqualTo("Unhealthy"));
        Assert.That(report.ToJsonString(), Does.Not.Contain(directory), "no exception text or paths in the report");
        var live = await client.GetAsync("/health/live");
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness runs no check");
    }
}
