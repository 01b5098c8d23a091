using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Audit;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>Spec T045/T046: a live restore writes restore.started, one event per written item and restore.finished, linked to run and actor.</summary>
public sealed class RestoreAuditLoggingTests : EmulatorBackedTests
{
    [Test]
    public async Task Live_restore_writes_run_linked_audit_events_for_start_each_written_item_and_finish()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner), ("oscar", TenantRole.Operator), ("rita", TenantRole.Reader));
        var kept = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Kept")));
        var drifted = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Kiosk password=Hunter2Hunter2")));
        var deleted = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Deleted")));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        graph.Update(RestoreScenario.DeviceConfigurations, drifted, o => o["passwordMinimumLength"] = 4);
        graph.Remove(RestoreScenario.DeviceConfigurations, deleted);
        var userId = await Factory.DbAsync(db => Task.FromResult(db.Users.Single(u => u.Subject == "olivia").Id));

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, set.Id, dryRun: false);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);

        var response = await Factory.CreateClientFor("oscar").GetAsync($"/api/v1/tenants/{tenant.Id}/audit-logs?runId={run.Id}");
        var logs = (await response.ReadAsync<PagedResult<AuditLogDto>>(HttpStatusCode.OK)).Items;

        Assert.That(logs.Select(l => l.Action), Is.EqualTo(new[] { "restore.started", "restore.item.created", "restore.item.updated", "restore.finished" })
            .Or.EqualTo(new[] { "restore.started", "restore.item.updated", "restore.item.created", "restore.finished" }));
        Assert.That(logs.Select(l => l.RunId), Is.All.EqualTo(run.Id));
        Assert.That(logs.Select(l => l.Actor), Is.All.EqualTo($"user:{userId}"));
        var updated = logs.Single(l => l.Action == "restore.item.updated");
        Assert.That(updated.TargetId, Is.EqualTo(drifted));
        Assert.That(updated.Metadata!["policyType"]!.GetValue<string>(), Is.EqualTo("deviceConfiguration"));
        Assert.That(updated.Metadata!["graphId"]!.GetValue<string>(), Is.EqualTo(drifted));
        Assert.That(updated.Metadata!["action"]!.GetValue<string>(), Is.EqualTo("updated"));
        Assert.That(updated.Metadata!.ToJsonString(), Does.Not.Contain("Hunter2Hunter2"), "metadata passes the sanitizer");
        Assert.That(logs.Any(l => l.TargetId == kept), Is.False, "an unchanged item is not a write");
        var finished = logs.Last();
        Assert.That(finished.Metadata!["status"]!.GetValue<string>(), Is.EqualTo("Succeeded"));
        Assert.That(finished.Metadata!["succeeded"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public async Task Preview_writes_no_audit_events()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("oscar", TenantRole.Operator));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Previewed"));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("oscar"), tenant.Id, set.Id, dryRun: true);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);

        var logs = await (await Factory.CreateClientFor("oscar").GetAsync($"/api/v1/tenants/{tenant.Id}/audit-logs?runId={run.Id}"))
            .ReadAsync<PagedResult<AuditLogDto>>(HttpStatusCode.OK);
        Assert.That(logs.TotalCount, Is.Zero);
    }

    [Test]
    public async Task Readers_and_non_members_cannot_read_the_audit_log()
    {
        var (tenant, _) = await RestoreScenario.CreateTenantAsync(Factory, ("rita", TenantRole.Reader));
        await (await Factory.CreateClientFor("rita").GetAsync($"/api/v1/tenants/{tenant.Id}/audit-logs")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await Factory.CreateClientFor("nobody").GetAsync($"/api/v1/tenants/{tenant.Id}/audit-logs")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}
