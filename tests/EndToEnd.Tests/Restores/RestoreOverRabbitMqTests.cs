using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.EndToEnd.Tests.Infrastructure;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.EndToEnd.Tests.Restores;

/// <summary>
/// Issues 7 (item 6) and 8 (item 6) over the production shape (Api and Worker hosts, real RabbitMQ):
/// capture the demo tenant, change and delete policies in the emulator, preview (labels and diffs match
/// the changes), execute the preview, and the emulator's objects equal the backup again with assignments.
/// </summary>
public sealed class RestoreOverRabbitMqTests
{
    private const string DeviceConfigurations = "deviceManagement/deviceConfigurations";
    private EndToEndEnvironment env = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => env = await EndToEndEnvironment.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await env.DisposeAsync();

    [Test]
    public async Task Capture_change_preview_and_restore_bring_the_demo_tenant_back_to_the_backup()
    {
        var tenant = await EndToEndTenants.CreateAsync(env, "e2e-owner", TenantRole.Owner);
        var graph = env.Emulator.State.GetOrAddTenant(tenant.EntraTenantId);
        DemoTenantSeeder.SeedDemo(graph);
        var client = env.ApiClientFor("e2e-owner");
        var api = $"/api/v1/tenants/{tenant.Id}";

        var sync = await StartAsync(client, $"{api}/policies/sync", new { });
        await WaitForBulkRunAsync(sync);
        var created = await client.PostAsJsonAsync($"{api}/backup-sets", new { name = "Before the change", all = true });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await created.Content.ReadAsStringAsync());
        var setId = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonObject>())!["backupSet"]!["id"]!.GetValue<string>());
        await env.WaitForAsync(db => db.BackupSets.AsNoTracking().FirstAsync(s => s.Id == setId),
            s => s.Status is BackupSetStatus.Ready or BackupSetStatus.Partial or BackupSetStatus.Failed, TimeSpan.FromSeconds(60));

        var configurations = graph.List(DeviceConfigurations);
        var changedId = configurations[0]["id"]!.GetValue<string>();
        var deletedName = configurations[1]["displayName"]!.GetValue<string>();
        graph.Update(DeviceConfigurations, changedId, o => o["description"] = "Changed in the portal");
        graph.Remove(DeviceConfigurations, configurations[1]["id"]!.GetValue<string>());

        var preview = await StartAsync(client, $"{api}/restore-runs", new { backupSetId = setId, dryRun = true, includeAssignments = true });
        var finishedPreview = await WaitForRestoreRunAsync(preview);
        Assert.That(finishedPreview.Status, Is.EqualTo(RunStatus.Succeeded));
        var previewItems = await env.DbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == preview).ToListAsync());
        Assert.That(previewItems.Where(i => i.Action != "unchanged").Select(i => (i.DisplayName, i.Action)).OrderBy(x => x.Action),
            Is.EqualTo(new[] { (deletedName, "would_create"), (configurations[0]["displayName"]!.GetValue<string>(), "would_update") }));
        var diff = JsonNode.Parse(previewItems.Single(i => i.Action == "would_update").Diff!)!["payload"]!.AsArray().Single()!;
        Assert.That(diff["path"]!.GetValue<string>(), Is.EqualTo("$.description"));
        Assert.That(diff["before"]!.GetValue<string>(), Is.EqualTo("Changed in the portal"));

        var live = await StartAsync(client, $"{api}/restore-runs/{preview}/execute", null);
        var finished = await WaitForRestoreRunAsync(live);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));

        // Every backed-up policy exists again with the backup's normalized payload and assignments.
        var versions = await env.DbAsync(db => db.BackupItems.AsNoTracking().Where(i => i.BackupSetId == setId)
            .Join(db.PolicyVersions.AsNoTracking(), i => i.PolicyVersionId, v => v.Id, (i, v) => new { i.PolicyType, i.DisplayName, v.Payload, v.Assignments })
            .ToListAsync());
        Assert.That(versions, Has.Count.EqualTo(graph.Count(DeviceConfigurations) + graph.Count("deviceManagement/deviceCompliancePolicies")
            + graph.Count("deviceManagement/configurationPolicies") + graph.Count("deviceAppManagement/managedAppPolicies")
            + graph.Count("deviceManagement/assignmentFilters") + graph.Count("deviceManagement/roleScopeTags")));
        var restored = graph.List(DeviceConfigurations).Single(o => o["displayName"]!.GetValue<string>() == deletedName);
        var backup = versions.Single(v => v.DisplayName == deletedName);
        Assert.That(JsonNode.DeepEquals(PolicyPayload.Normalize(restored), JsonNode.Parse(backup.Payload)), Is.True);
        Assert.That(JsonNode.DeepEquals(
            PolicyPayload.NormalizeAssignments(graph.GetAssignments(DeviceConfigurations, restored["id"]!.GetValue<string>())),
            JsonNode.Parse(backup.Assignments)), Is.True);
        var changed = graph.Find(DeviceConfigurations, changedId)!;
        Assert.That(JsonNode.DeepEquals(PolicyPayload.Normalize(changed), JsonNode.Parse(versions.Single(v => v.DisplayName == changed["displayName"]!.GetValue<string>()).Payload)), Is.True);
        var audit = await env.DbAsync(db => db.AuditLogs.AsNoTracking().Where(a => a.RunId == live).Select(a => a.Action).ToListAsync());
        Assert.That(audit, Is.EquivalentTo(new[] { "restore.started", "restore.item.created", "restore.item.updated", "restore.finished" }));
    }

    private static async Task<Guid> StartAsync(HttpClient client, string url, object? body)
    {
        var response = body is null ? await client.PostAsync(url, null) : await client.PostAsJsonAsync(url, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
    }

    private Task<BulkOperationRun> WaitForBulkRunAsync(Guid runId) =>
        env.WaitForAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId), r => RunStateMachine.IsTerminal(r.Status), TimeSpan.FromSeconds(60));

    private Task<RestoreRun> WaitForRestoreRunAsync(Guid runId) =>
        env.WaitForAsync(db => db.Runs.OfType<RestoreRun>().AsNoTracking().FirstAsync(r => r.Id == runId), r => RunStateMachine.IsTerminal(r.Status), TimeSpan.FromSeconds(60));
}
