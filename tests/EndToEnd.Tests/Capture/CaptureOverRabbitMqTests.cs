using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.EndToEnd.Tests.Infrastructure;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.EndToEnd.Tests.Capture;

/// <summary>
/// Issue 5 item 5 and issue 6 item 5: the Api and the Worker as separate hosts over RabbitMQ, Graph served by
/// the emulator over HTTP: sync, capture a settings catalog policy, and back up the whole demo tenant.
/// </summary>
public sealed class CaptureOverRabbitMqTests
{
    private const string Operator = "e2e-capture-operator";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private EndToEndEnvironment env = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => env = await EndToEndEnvironment.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await env.DisposeAsync();

    private async Task<(Tenant Tenant, EmulatorTenant Graph, HttpClient Client)> DemoTenantAsync(string name)
    {
        var tenant = await EndToEndTenants.CreateAsync(env, Operator, TenantRole.Operator, name);
        var graph = env.Emulator.State.GetOrAddTenant(tenant.EntraTenantId);
        DemoTenantSeeder.SeedDemo(graph);
        return (tenant, graph, env.ApiClientFor(Operator));
    }

    private static async Task<JsonObject> AcceptedAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private Task<BulkOperationRun> FinishedAsync(Guid runId) => env.WaitForAsync(
        db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId),
        r => r.IsTerminal, Timeout);

    private async Task<BulkOperationRun> SyncAsync(Tenant tenant, HttpClient client)
    {
        var run = await AcceptedAsync(await client.PostAsync($"/api/v1/tenants/{tenant.Id}/policies/sync", null));
        return await FinishedAsync(Guid.Parse(run["id"]!.GetValue<string>()));
    }

    [Test]
    public async Task Sync_then_capture_of_a_settings_catalog_policy_succeeds_with_the_normalized_graph_payload()
    {
        var (tenant, graph, client) = await DemoTenantAsync("Contoso capture");
        var sync = await SyncAsync(tenant, client);
        Assert.That(sync.Status, Is.EqualTo(RunStatus.Succeeded));

        var catalog = graph.List("deviceManagement/configurationPolicies").First();
        var graphId = catalog["id"]!.GetValue<string>();
        var policyId = await env.DbAsync(db => db.Policies.Where(p => p.TenantId == tenant.Id && p.GraphId == graphId).Select(p => p.Id).SingleAsync());
        var started = await AcceptedAsync(await client.PostAsync($"/api/v1/tenants/{tenant.Id}/policies/{policyId}/snapshots", null));
        Assert.That(started["status"]!.GetValue<string>(), Is.EqualTo("Queued"));
        var runId = Guid.Parse(started["id"]!.GetValue<string>());

        var run = await FinishedAsync(runId);

        Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));
        var version = await client.GetFromJsonAsync<JsonObject>($"/api/v1/tenants/{tenant.Id}/policies/{policyId}/versions/1");
        var expected = graph.Find("deviceManagement/configurationPolicies", graphId)!;
        expected["settings"] = graph.GetSettings("deviceManagement/configurationPolicies", graphId);
        Assert.That(JsonNode.DeepEquals(version!["payload"], PolicyPayload.Normalize(expected)), Is.True, version["payload"]?.ToJsonString());
        Assert.That(version["payload"]!["settings"]!.AsArray(), Is.Not.Empty);
        var statuses = await env.DbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.TenantId == tenant.Id).OrderBy(n => n.Id).Select(n => n.Data).ToListAsync());
        var forRun = statuses.Select(s => JsonNode.Parse(s)!).Where(n => n["runId"]!.GetValue<Guid>() == runId)
            .Select(n => n["status"]!.GetValue<string>()).ToList();
        Assert.That(forRun, Is.EqualTo(new[] { "Queued", "Running", "Succeeded" }));
    }

    [Test]
    public async Task Backing_up_the_whole_demo_tenant_captures_every_policy_of_the_four_types()
    {
        var (tenant, _, client) = await DemoTenantAsync("Contoso backup");
        Assert.That((await SyncAsync(tenant, client)).Status, Is.EqualTo(RunStatus.Succeeded));
        var policyCount = await env.DbAsync(db => db.Policies.CountAsync(p => p.TenantId == tenant.Id));

        var started = await AcceptedAsync(await client.PostAsJsonAsync($"/api/v1/tenants/{tenant.Id}/backup-sets", new { name = "Whole tenant", all = true }));
        var setId = Guid.Parse(started["backupSet"]!["id"]!.GetValue<string>());
        var run = await FinishedAsync(Guid.Parse(started["run"]!["id"]!.GetValue<string>()));

        Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(run.Succeeded, Is.EqualTo(policyCount).And.GreaterThanOrEqualTo(60));
        var set = await env.DbAsync(db => db.BackupSets.AsNoTracking().SingleAsync(s => s.Id == setId));
        Assert.That((set.Status, set.ItemCount), Is.EqualTo((BackupSetStatus.Ready, policyCount)));
        var types = await env.DbAsync(db => db.BackupItems.Where(i => i.BackupSetId == setId).Select(i => i.PolicyType).Distinct().ToListAsync());
        // The demo holds iOS and Android app protection and the filters and scope tags its policies refer to; the other
        // types have no object to capture.
        Assert.That(types, Is.EquivalentTo(new[]
        {
            PolicyTypes.DeviceConfiguration, PolicyTypes.DeviceCompliancePolicy, PolicyTypes.SettingsCatalogPolicy,
            PolicyTypes.IosManagedAppProtection, PolicyTypes.AndroidManagedAppProtection, PolicyTypes.AssignmentFilter,
            PolicyTypes.RoleScopeTag,
        }));
        var items = await client.GetFromJsonAsync<JsonObject>($"/api/v1/tenants/{tenant.Id}/backup-sets/{setId}/items?pageSize=200");
        Assert.That(items!["totalCount"]!.GetValue<int>(), Is.EqualTo(policyCount));
    }
}
