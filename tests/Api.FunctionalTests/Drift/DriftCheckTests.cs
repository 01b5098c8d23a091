using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Application.Drift;
using TenantAtlas.Application.Drift.GetReport;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Drift;

/// <summary>
/// policy.drift_check end to end over the emulator: a changed, an added and a deleted policy are found against the
/// latest backup set, the report and the notification say so, and the emulator sees nothing but reads.
/// </summary>
public sealed class DriftCheckTests : EmulatorBackedTests
{
    [Test]
    public async Task Drift_finds_a_changed_an_added_and_a_deleted_policy_and_writes_nothing_to_graph()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olga", TenantRole.Operator));
        var changed = graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Changed later", minimumLength: 12));
        var deleted = graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Deleted later"));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Left alone"));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);

        graph.Update(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(changed), o => o["passwordMinimumLength"] = 6, touch: true);
        graph.Remove(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(deleted));
        var added = graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Added in the portal"));
        Emulator.State.ClearRequestLog();

        var client = ClientFor("olga");
        var run = await (await client.PostJsonAsync($"/api/v1/tenants/{tenant.Id}/drift-checks", new { })).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(run.Operation, Is.EqualTo(RunOperations.PolicyDriftCheck));
        Assert.That(run.TargetId, Is.EqualTo(set.Id), "the latest Ready set is the baseline");
        var finished = await WaitAsync(run.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));

        var report = await (await client.GetAsync($"/api/v1/tenants/{tenant.Id}/drift-reports/{run.Id}")).ReadAsync<DriftReportDto>(HttpStatusCode.OK);
        Assert.That(report.Summary, Is.EqualTo(new DriftSummaryDto(Unchanged: 1, Changed: 1, Added: 1, Deleted: 1, Failed: 0)));
        Assert.That(report.BaselineBackupSetId, Is.EqualTo(set.Id));
        var byName = report.Items.Items.ToDictionary(i => i.DisplayName!);
        Assert.That(byName["Changed later"].Action, Is.EqualTo(DriftActions.Changed));
        Assert.That(byName["Deleted later"].Action, Is.EqualTo(DriftActions.Deleted));
        Assert.That(byName["Added in the portal"].Action, Is.EqualTo(DriftActions.Added));
        Assert.That(byName["Added in the portal"].GraphId, Is.EqualTo(RestoreScenario.IdOf(added)));
        Assert.That(byName["Left alone"].Action, Is.EqualTo(DriftActions.Unchanged));
        var diff = byName["Changed later"].Diff!["payload"]!.AsArray().Single()!.AsObject();
        Assert.That(diff["path"]!.GetValue<string>(), Is.EqualTo("$.passwordMinimumLength"));
        Assert.That(diff["before"]!.GetValue<int>(), Is.EqualTo(12), "before = the backup");
        Assert.That(diff["after"]!.GetValue<int>(), Is.EqualTo(6), "after = the tenant now");
        Assert.That(byName["Left alone"].Diff, Is.Null);

        var onlyChanged = await (await client.GetAsync($"/api/v1/tenants/{tenant.Id}/drift-reports/{run.Id}?action=changed")).ReadAsync<DriftReportDto>(HttpStatusCode.OK);
        Assert.That(onlyChanged.Items.Items.Select(i => i.DisplayName), Is.EqualTo(new[] { "Changed later" }));

        var requests = RestoreScenario.RequestsOf(Factory, tenant);
        Assert.That(requests, Is.Not.Empty);
        var writes = requests.Where(r => r.Method != "GET" && !(r.Method == "POST" && r.Path.EndsWith("$batch", StringComparison.Ordinal))).ToList();
        Assert.That(writes.Select(w => $"{w.Method} {w.Path}"), Is.Empty, "a drift check only reads");
        Assert.That(requests.Where(r => r.IsBatchInner).Select(r => r.Method), Is.All.EqualTo("GET"));
        Assert.That(graph.Count(RestoreScenario.DeviceConfigurations), Is.EqualTo(3));

        var notifications = await (await client.GetAsync("/api/v1/me/notifications?pageSize=50")).ReadAsync<JsonObject>(HttpStatusCode.OK);
        var drift = notifications["items"]!.AsArray().Select(n => n!.AsObject())
            .Single(n => n["type"]!.GetValue<string>() == DriftRunFinishedHandler.NotificationType);
        var data = drift["data"]!.AsObject();
        Assert.That(data["changed"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(data["added"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(data["deleted"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(data["link"]!.GetValue<string>(), Is.EqualTo($"/api/v1/tenants/{tenant.Id}/drift-reports/{run.Id}"));
    }

    [Test]
    public async Task A_drift_check_without_a_backup_is_409_and_a_reader_may_not_start_one()
    {
        var (tenant, _) = await RestoreScenario.CreateTenantAsync(Factory, ("otto", TenantRole.Operator), ("rita", TenantRole.Reader));
        var none = await ClientFor("otto").PostJsonAsync($"/api/v1/tenants/{tenant.Id}/drift-checks", new { });
        var problem = await none.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo(DriftBaseline.NoBaselineCode));

        var reader = await ClientFor("rita").PostJsonAsync($"/api/v1/tenants/{tenant.Id}/drift-checks", new { });
        Assert.That(reader.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var unknown = await ClientFor("otto").GetAsync($"/api/v1/tenants/{tenant.Id}/drift-reports/{Guid.NewGuid()}");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<BulkOperationRun> WaitAsync(Guid runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var run = await DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId));
            if (RunStateMachine.IsTerminal(run.Status))
            {
                return run;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"run {runId} is still {run.Status}");
            await Task.Delay(100);
        }
    }
}
