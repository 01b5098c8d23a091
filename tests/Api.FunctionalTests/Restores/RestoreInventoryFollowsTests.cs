using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.BackupSets;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 14 item 2: a restore that re-creates a policy (new Graph id) moves the inventory row onto the new object:
/// same Policy row, version history kept, a version for the restored state; the next backup of all policies has
/// no failure, also with an inventory sync between the restore and the backup (no duplicate row, none marked deleted).
/// </summary>
public sealed class RestoreInventoryFollowsTests : EmulatorBackedTests
{
    [TestCase(false, TestName = "Backup_of_all_policies_after_a_restore_that_recreated_policies_has_no_failure")]
    [TestCase(true, TestName = "Backup_of_all_policies_after_a_restore_and_an_inventory_sync_has_no_failure_and_no_duplicate_row")]
    public async Task Backup_after_restore_has_no_failure(bool syncBetween)
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var client = Factory.CreateClientFor("olivia");
        var kept = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Kept")));
        var lost = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Lost", minimumLength: 14),
            RestoreScenario.GroupAssignment(Guid.NewGuid())));
        await WaitAsync(client, tenant.Id, await StartAsync(client, $"/api/v1/tenants/{tenant.Id}/policies/sync"));
        var first = await BackupAllAsync(client, tenant.Id, "before");
        Assert.That(first.Status, Is.EqualTo(BackupSetStatus.Ready));
        var lostRow = await Factory.DbAsync(db => db.Policies.AsNoTracking().SingleAsync(p => p.TenantId == tenant.Id && p.GraphId == lost));
        // A drift captured after the backup: the restore brings the older state back as a new version.
        graph.Update(RestoreScenario.DeviceConfigurations, lost, o => o["passwordMinimumLength"] = 6);
        await WaitAsync(client, tenant.Id, await StartAsync(client, $"/api/v1/tenants/{tenant.Id}/policies/{lostRow.Id}/snapshots"));
        graph.Remove(RestoreScenario.DeviceConfigurations, lost);

        var restore = await RestoreScenario.StartAsync(client, tenant.Id, first.Id, dryRun: false, includeAssignments: true);
        Assert.That((await RestoreScenario.WaitForTerminalAsync(Factory, restore.Id)).Status, Is.EqualTo(RunStatus.Succeeded));
        var recreated = (await RestoreScenario.RunItemsAsync(Factory, restore.Id)).Values.Single(i => i.Action == "created").GraphId!;
        if (syncBetween)
        {
            await WaitAsync(client, tenant.Id, await StartAsync(client, $"/api/v1/tenants/{tenant.Id}/policies/sync"));
        }

        var second = await BackupAllAsync(client, tenant.Id, "after");

        var runItems = await Factory.DbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == second.RunId).ToListAsync());
        Assert.That(runItems.Where(i => i.Status == RunItemStatus.Failed).Select(i => $"{i.DisplayName}: {i.ErrorCode}"), Is.Empty);
        Assert.That((second.Status, second.ItemCount), Is.EqualTo((BackupSetStatus.Ready, 2)));
        var rows = await Factory.DbAsync(db => db.Policies.AsNoTracking().Where(p => p.TenantId == tenant.Id).ToListAsync());
        Assert.That(rows, Has.Count.EqualTo(2), "no duplicate row for the re-created policy");
        var row = rows.Single(p => p.Id == lostRow.Id);
        Assert.That((row.GraphId, row.DeletedInTenantAt), Is.EqualTo((recreated, (DateTimeOffset?)null)));
        Assert.That(rows.Single(p => p.Id != lostRow.Id).GraphId, Is.EqualTo(kept));
        var versions = await Factory.DbAsync(db => db.PolicyVersions.AsNoTracking().Where(v => v.PolicyId == lostRow.Id).OrderBy(v => v.VersionNumber).ToListAsync());
        Assert.That(versions.Select(v => v.VersionNumber), Is.EqualTo(new[] { 1, 2, 3 }), "backup, drift, restored state");
        Assert.That(versions[2].ContentHash, Is.EqualTo(versions[0].ContentHash), "the restored state is the backed-up one");
        Assert.That(versions[2].CapturedByRunId, Is.EqualTo(restore.Id));
    }

    private static async Task<Guid> StartAsync(HttpClient client, string url, object? body = null)
    {
        var response = await client.PostJsonAsync(url, body ?? new { });
        return (await response.ReadAsync<RunDto>(HttpStatusCode.Accepted)).Id;
    }

    private async Task<(Guid Id, Guid RunId, BackupSetStatus Status, int ItemCount)> BackupAllAsync(HttpClient client, Guid tenantId, string name)
    {
        var response = await client.PostJsonAsync($"/api/v1/tenants/{tenantId}/backup-sets", new { name, all = true });
        var started = await response.ReadAsync<BackupSetStartedDto>(HttpStatusCode.Accepted);
        await WaitAsync(client, tenantId, started.Run.Id);
        var set = await Factory.DbAsync(db => db.BackupSets.AsNoTracking().SingleAsync(s => s.Id == started.BackupSet.Id));
        return (set.Id, started.Run.Id, set.Status, set.ItemCount);
    }

    private async Task WaitAsync(HttpClient client, Guid tenantId, Guid runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var run = await Factory.DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == runId));
            if (RunStateMachine.IsTerminal(run.Status))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Run {runId} is still {run.Status} after 30 s.");
            }

            await Task.Delay(100);
        }
    }
}
