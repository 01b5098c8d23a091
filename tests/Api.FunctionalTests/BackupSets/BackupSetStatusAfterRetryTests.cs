using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.BackupSets;

/// <summary>
/// Issue 14 item 6: a Partial backup set whose failed policies are all recovered by retry-failed becomes Ready,
/// with its item count; while one of them is still missing it stays Partial.
/// </summary>
public sealed class BackupSetStatusAfterRetryTests : BackupSetTestFixture
{
    [Test]
    public async Task Set_becomes_ready_with_every_item_when_retry_failed_recovers_every_failed_policy()
    {
        var policies = await AddPoliciesAsync(4);
        foreach (var policy in policies.Take(2))
        {
            Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Scripted: once", times: 1) { ObjectId = policy.GraphId });
        }

        var started = await CreateSetAsync(new { name = "Nightly", policyIds = policies.Select(p => p.Id) });
        await ExecuteRunAsync(started.Run.Id, CancellationToken.None);
        Assert.That(await SetAsync(started.BackupSet.Id), Has.Property("Status").EqualTo(BackupSetStatus.Partial).And.Property("ItemCount").EqualTo(2));

        var retry = await RetryAsync(started.Run.Id);

        Assert.That((await RunAsync(retry)).Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(await SetAsync(started.BackupSet.Id), Has.Property("Status").EqualTo(BackupSetStatus.Ready).And.Property("ItemCount").EqualTo(4));
        var detail = await (await OperatorClient().GetAsync($"{BackupSetsUrl}/{started.BackupSet.Id}")).ReadAsync<Application.BackupSets.BackupSetDetailsDto>(HttpStatusCode.OK);
        Assert.That((detail.BackupSet.Status, detail.BackupSet.ItemCount), Is.EqualTo((BackupSetStatus.Ready, 4)));
    }

    [Test]
    public async Task Set_stays_partial_when_retry_failed_recovers_only_some_failed_policies()
    {
        var policies = await AddPoliciesAsync(3);
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Scripted: once", times: 1) { ObjectId = policies[0].GraphId });
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Scripted: always", times: null) { ObjectId = policies[1].GraphId });
        var started = await CreateSetAsync(new { name = "Nightly", policyIds = policies.Select(p => p.Id) });
        await ExecuteRunAsync(started.Run.Id, CancellationToken.None);

        var retry = await RetryAsync(started.Run.Id);

        Assert.That((await RunAsync(retry)).Status, Is.EqualTo(RunStatus.Partial));
        Assert.That(await SetAsync(started.BackupSet.Id), Has.Property("Status").EqualTo(BackupSetStatus.Partial).And.Property("ItemCount").EqualTo(2));

        Graph.Faults.ClearScriptedFailures();
        var second = await RetryAsync(retry);
        Assert.That((await RunAsync(second)).Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(await SetAsync(started.BackupSet.Id), Has.Property("Status").EqualTo(BackupSetStatus.Ready).And.Property("ItemCount").EqualTo(3));
    }

    private async Task<Guid> RetryAsync(Guid runId)
    {
        var retry = await (await OperatorClient().PostAsync($"{TenantUrl}/runs/{runId}/retry-failed", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        await ExecuteRunAsync(retry.Id, CancellationToken.None);
        return retry.Id;
    }

    private Task<BackupSet> SetAsync(Guid id) => Factory.DbAsync(db => db.BackupSets.AsNoTracking().FirstAsync(s => s.Id == id));
}
