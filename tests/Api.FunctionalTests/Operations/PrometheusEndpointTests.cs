using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.FunctionalTests.Operations;

/// <summary>Issue 18 item 2: with Metrics:Prometheus on, the TenantAtlas meter is scraped at /metrics.</summary>
public sealed class PrometheusEndpointTests : EmulatorBackedTests
{
    // Many tenants pass through this test process: give each its own series so this one is not reported as "other".
    protected override ApiFactory CreateFactory() => base.CreateFactory().With("Metrics:Prometheus", "true").With("Metrics:MaxTenantSeries", "100000");

    [Test]
    public async Task Scrape_shows_graph_requests_by_tenant_and_status_after_a_run_when_prometheus_is_on()
    {
        var tenant = await CreateTenantAsync("Contoso metrics", ("metrics-operator", TenantRole.Operator));
        DemoTenantSeeder.SeedDemo(Emulator.State.GetOrAddTenant(tenant.EntraTenantId));
        using var client = ClientFor("metrics-operator");

        var started = await client.PostAsync($"/api/v1/tenants/{tenant.Id}/policies/sync", null);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var runId = Guid.Parse((await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        for (var i = 0; i < 300 && !(await DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId))).IsTerminal; i++)
        {
            await Task.Delay(100);
        }

        var run = await DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId));
        Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));

        using var scraper = Factory.CreateClient();
        var response = await scraper.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var graphLines = text.Split('\n').Where(l => l.StartsWith("tenantatlas_graph_requests_total{", StringComparison.Ordinal)
            && l.Contains($"tenant_id=\"{tenant.Id}\"", StringComparison.Ordinal)).ToList();
        Assert.That(graphLines, Is.Not.Empty, text);
        Assert.That(graphLines, Has.Some.Contains("http_response_status_code=\"200\""));
        Assert.That(text, Does.Contain("tenantatlas_graph_limiter_wait_seconds_bucket{"));
        Assert.That(text, Does.Not.Contain("emulator:"), "no Graph token in any label");
    }

    [Test]
    public async Task Metrics_endpoint_is_not_served_when_prometheus_is_off()
    {
        // Its own Api: the fixture's has Prometheus on.
        using var off = new ApiFactory();
        using var client = off.CreateClient();

        var response = await client.GetAsync("/metrics");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
