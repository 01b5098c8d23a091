using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>GET .../runs/{id} and .../restore-runs/{id} as status monitors: status at the top level, Retry-After until terminal.</summary>
public sealed class RunStatusMonitorTests
{
    private ApiFactory factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        factory = new ApiFactory();
        _ = factory.Services;
    }

    [OneTimeTearDown]
    public void Stop() => factory.Dispose();

    [SetUp]
    public Task Reset() => factory.ResetDatabaseAsync();

    private async Task<(Tenant Tenant, HttpClient Client)> OperatorAsync()
    {
        var tenant = await TestTenants.CreateAsync(factory);
        await TestTenants.AddMemberAsync(factory, tenant.Id, "op", TenantRole.Operator);
        return (tenant, factory.CreateClientFor("op"));
    }

    private Task CompleteAsync(Guid runId) => factory.DbAsync(async db =>
    {
        var run = await db.Runs.FirstAsync(r => r.Id == runId);
        var now = DateTimeOffset.UtcNow;
        run.MarkRunning(now, TimeSpan.FromMinutes(5));
        run.Complete(now);
        await db.SaveChangesAsync();
    });

    private static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!.AsObject();
    }

    [Test]
    public async Task Queued_run_has_top_level_status_beside_run_and_items_and_answers_retry_after()
    {
        var (tenant, client) = await OperatorAsync();
        var run = await (await client.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);

        var response = await client.GetAsync($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}");
        var body = await ReadObjectAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<Guid>(), Is.EqualTo(run.Id));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("Queued"));
            Assert.That(body["percentComplete"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(body["run"]!["status"]!.GetValue<string>(), Is.EqualTo("Queued"), "existing clients read .run.status");
            Assert.That(body["items"]!["items"], Is.Not.Null);
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public async Task Terminal_run_has_no_retry_after_and_reports_its_final_status_at_the_top_level()
    {
        var (tenant, client) = await OperatorAsync();
        var run = await (await client.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        await CompleteAsync(run.Id);

        var response = await client.GetAsync($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}");
        var body = await ReadObjectAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("Succeeded"));
            Assert.That(body["percentComplete"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(response.Headers.RetryAfter, Is.Null);
        });
    }

    [Test]
    public async Task Restore_run_detail_is_a_status_monitor_too()
    {
        var (tenant, client) = await OperatorAsync();
        var set = await RestoreScenario.SeedBackupSetAsync(factory, tenant.Id, items: 1);
        var preview = await RestoreScenario.StartAsync(client, tenant.Id, set.Id, dryRun: true);

        var queued = await client.GetAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{preview.Id}");
        var queuedBody = await ReadObjectAsync(queued);
        await CompleteAsync(preview.Id);
        var done = await client.GetAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{preview.Id}");
        var doneBody = await ReadObjectAsync(done);

        Assert.Multiple(() =>
        {
            Assert.That(queuedBody["status"]!.GetValue<string>(), Is.EqualTo("Queued"));
            Assert.That(queuedBody["run"]!["id"]!.GetValue<Guid>(), Is.EqualTo(preview.Id));
            Assert.That(queued.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(doneBody["status"]!.GetValue<string>(), Is.EqualTo("Succeeded"));
            Assert.That(done.Headers.RetryAfter, Is.Null);
        });
    }
}
