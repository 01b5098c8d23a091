using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.EndToEnd.Tests.Infrastructure;

namespace TenantAtlas.EndToEnd.Tests.Foundation;

/// <summary>Issue 2 item 6: a message published by the Api host is consumed by the separate Worker host over RabbitMQ.</summary>
public sealed class ApiToWorkerOverRabbitMqTests
{
    private EndToEndEnvironment env = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => env = await EndToEndEnvironment.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await env.DisposeAsync();

    [Test]
    public async Task Ping_run_started_on_the_api_is_finished_by_the_worker()
    {
        var tenant = await EndToEndTenants.CreateAsync(env, "e2e-operator", TenantRole.Operator);
        var response = await env.ApiClientFor("e2e-operator").PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var run = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        var runId = Guid.Parse(run!["id"]!.GetValue<string>());

        var finished = await env.WaitForAsync(
            db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId),
            r => r.Status == RunStatus.Succeeded, TimeSpan.FromSeconds(30));

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(finished.Succeeded, Is.EqualTo(1));
        Assert.That(finished.Attempt, Is.EqualTo(1));
        var statuses = await env.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.TenantId == tenant.Id).Select(n => n.Data).ToListAsync());
        Assert.That(statuses, Has.Some.Contains("\"status\":\"Queued\"").And.Some.Contains("\"status\":\"Running\"").And.Some.Contains("\"status\":\"Succeeded\""));
    }

    [Test]
    public async Task Worker_host_reports_live_and_ready_with_its_broker_connection()
    {
        var ready = await env.Api.CreateClient().GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // The environment waited for the worker's readiness (broker connection and endpoints) at start.
        var workerReady = await env.Worker.CreateClient().GetAsync("/health/ready");
        Assert.That(workerReady.StatusCode, Is.EqualTo(HttpStatusCode.OK), await workerReady.Content.ReadAsStringAsync());
        var live = await env.Worker.CreateClient().GetAsync("/health/live");
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
