using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.BackupSets;
using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.BackupSets;

/// <summary>Spec T027/T029: backup set capture and add-policies jobs against the emulator through the real gateway.</summary>
public sealed class CaptureBackupSetJobTests : BackupSetTestFixture
{
    // One $batch chunk of 20 at a time: a chunk's versions and items are written in one unit of work, so the crash
    // test needs the chunks apart in time to stop the run between them.
    protected override void ConfigureFactory(ApiFactory factory)
    {
        base.ConfigureFactory(factory);
        factory.With("Runs:ItemParallelism", "1");
    }

    private Task RunCaptureAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ExecuteRunAsync(runId, cancellationToken);

    private Task<BackupSet> SetAsync(Guid id) => Factory.DbAsync(db => db.BackupSets.AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<List<BackupItem>> ItemsAsync(Guid setId) =>
        Factory.DbAsync(db => db.BackupItems.AsNoTracking().Where(i => i.BackupSetId == setId).ToListAsync());

    [Test]
    public async Task Captures_every_selected_policy_and_the_set_becomes_ready()
    {
        var policies = await AddPoliciesAsync(5);
        var started = await CreateSetAsync(new { name = "Full", policyIds = policies.Select(p => p.Id) });

        await RunCaptureAsync(started.Run.Id);

        var run = await RunAsync(started.Run.Id);
        Assert.That((run.Status, run.Total, run.Succeeded), Is.EqualTo((RunStatus.Succeeded, 5, 5)));
        var set = await SetAsync(started.BackupSet.Id);
        Assert.That((set.Status, set.ItemCount), Is.EqualTo((BackupSetStatus.Ready, 5)));
        var items = await (await ReaderClient().GetAsync($"{BackupSetsUrl}/{set.Id}/items?pageSize=2"))
            .ReadAsync<PagedResult<BackupItemDto>>(HttpStatusCode.OK);
        Assert.That(items.TotalCount, Is.EqualTo(5));
        Assert.That(items.Items, Has.Count.EqualTo(2));
        Assert.That(items.Items.Select(i => i.DisplayName), Is.EqualTo(new[] { "Policy 00", "Policy 01" }));
        Assert.That(items.Items.All(i => i.VersionNumber == 1 && i.PolicyType == PolicyTypes.DeviceConfiguration), Is.True);
    }

    [Test]
    public async Task Reuses_the_unchanged_version_instead_of_duplicating_the_payload()
    {
        var policies = await AddPoliciesAsync(1);
        var snapshot = await StartAsync($"{TenantUrl}/policies/{policies[0].Id}/snapshots");
        await ExecuteRunAsync(snapshot.Id, CancellationToken.None);
        var version = await Factory.DbAsync(db => db.PolicyVersions.AsNoTracking().SingleAsync());

        var started = await CreateSetAsync(new { name = "Reuse", policyIds = policies.Select(p => p.Id) });
        await RunCaptureAsync(started.Run.Id);

        var item = (await ItemsAsync(started.BackupSet.Id)).Single();
        Assert.That(item.PolicyVersionId, Is.EqualTo(version.Id));
        Assert.That(await Factory.DbAsync(db => db.PolicyVersions.CountAsync()), Is.EqualTo(1));
        Assert.That((await RunItemsAsync(started.Run.Id)).Single().Action, Is.EqualTo(RunItemAction.Unchanged));
    }

    [Test]
    public async Task A_failed_policy_does_not_stop_the_others_and_the_set_is_partial()
    {
        var policies = await AddPoliciesAsync(4);
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Access denied") { ObjectId = policies[1].GraphId });
        var started = await CreateSetAsync(new { name = "Partial", policyIds = policies.Select(p => p.Id) });

        await RunCaptureAsync(started.Run.Id);

        var run = await RunAsync(started.Run.Id);
        Assert.That((run.Status, run.Succeeded, run.Failed), Is.EqualTo((RunStatus.Partial, 3, 1)));
        var set = await SetAsync(started.BackupSet.Id);
        Assert.That((set.Status, set.ItemCount), Is.EqualTo((BackupSetStatus.Partial, 3)));
        var failed = (await RunItemsAsync(run.Id)).Single(i => i.Status == RunItemStatus.Failed);
        Assert.That((failed.ItemKey, failed.ErrorCode), Is.EqualTo((policies[1].Id.ToString(), GraphErrorCodes.Forbidden)));
        Assert.That((await ItemsAsync(set.Id)).Select(i => i.PolicyId), Does.Not.Contain(policies[1].Id));
    }

    [Test]
    public async Task The_set_fails_when_every_policy_fails()
    {
        var policies = await AddPoliciesAsync(2);
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Access denied") { PathContains = DeviceConfigurations });
        var started = await CreateSetAsync(new { name = "Failed", policyIds = policies.Select(p => p.Id) });

        await RunCaptureAsync(started.Run.Id);

        Assert.That((await RunAsync(started.Run.Id)).Status, Is.EqualTo(RunStatus.Failed));
        var set = await SetAsync(started.BackupSet.Id);
        Assert.That((set.Status, set.ItemCount), Is.EqualTo((BackupSetStatus.Failed, 0)));
    }

    [Test]
    public async Task Resumes_after_a_crash_mid_set_without_duplicate_items_or_recapturing_finished_ones()
    {
        // Three $batch reads of 20, one after the other; the crash lands once the first chunk's items are recorded.
        var policies = await AddPoliciesAsync(60);
        var started = await CreateSetAsync(new { name = "Crash", policyIds = policies.Select(p => p.Id) });
        // Slow Graph so the crash lands mid-set; the host "crashes" (stops) once some items are recorded.
        Graph.Faults.Latency = TimeSpan.FromMilliseconds(150);
        using var crash = new CancellationTokenSource();
        var first = RunCaptureAsync(started.Run.Id, crash.Token);
        await WaitUntilAsync(async () => (await RunItemsAsync(started.Run.Id)).Count >= 3);
        await crash.CancelAsync();
        await first;
        Graph.Faults.Latency = TimeSpan.Zero;

        var afterCrash = await RunAsync(started.Run.Id);
        var doneBefore = (await RunItemsAsync(started.Run.Id)).Where(i => i.Status == RunItemStatus.Succeeded).Select(i => i.GraphId).ToHashSet();
        // The host saw its own shutdown: the run goes back to the queue at once, its attempt not spent.
        Assert.That((afterCrash.Status, afterCrash.Attempt), Is.EqualTo((RunStatus.Queued, 0)), "an observed interruption hands the run back");
        Assert.That(doneBefore.Count, Is.InRange(3, 59), "the crash happened mid-set");
        Assert.That(afterCrash.Succeeded, Is.EqualTo(doneBefore.Count), "what finished before the stop is counted");

        Assert.That((await RunAsync(started.Run.Id)).Status, Is.EqualTo(RunStatus.Queued));
        Emulator.State.ClearRequestLog();
        await RunCaptureAsync(started.Run.Id);

        var run = await RunAsync(started.Run.Id);
        Assert.That((run.Status, run.Attempt, run.Succeeded, run.Total), Is.EqualTo((RunStatus.Succeeded, 1, 60, 60)));
        var items = await ItemsAsync(started.BackupSet.Id);
        Assert.That(items.Select(i => i.PolicyId), Is.EquivalentTo(policies.Select(p => p.Id)), "one item per policy, no duplicates");
        var reread = GraphRequests().Where(r => doneBefore.Any(id => r.Path.Contains(id!, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.That(reread, Is.Empty, "items finished before the crash are not captured again");
        Assert.That((await SetAsync(started.BackupSet.Id)).Status, Is.EqualTo(BackupSetStatus.Ready));
    }

    [Test]
    public async Task A_backup_item_written_just_before_a_crash_is_recorded_without_a_duplicate()
    {
        var policies = await AddPoliciesAsync(3);
        var started = await CreateSetAsync(new { name = "Window", policyIds = policies.Select(p => p.Id) });
        // The crash window: policy 0's item and version were written, its run item was not.
        var snapshot = await StartAsync($"{TenantUrl}/policies/{policies[0].Id}/snapshots");
        await ExecuteRunAsync(snapshot.Id, CancellationToken.None);
        await Factory.DbAsync(async db =>
        {
            var version = await db.PolicyVersions.SingleAsync();
            db.BackupItems.Add(new BackupItem
            {
                Id = Guid.NewGuid(), BackupSetId = started.BackupSet.Id, TenantId = Tenant.Id, PolicyId = policies[0].Id,
                PolicyType = policies[0].PolicyType, GraphId = policies[0].GraphId, DisplayName = policies[0].DisplayName,
                PolicyVersionId = version.Id, CapturedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        Emulator.State.ClearRequestLog();

        await RunCaptureAsync(started.Run.Id);

        var items = await ItemsAsync(started.BackupSet.Id);
        Assert.That(items.Select(i => i.PolicyId), Is.EquivalentTo(policies.Select(p => p.Id)));
        Assert.That(GraphRequests().Where(r => r.Path.Contains(policies[0].GraphId, StringComparison.OrdinalIgnoreCase)), Is.Empty);
        var runItem = (await RunItemsAsync(started.Run.Id)).Single(i => i.ItemKey == policies[0].Id.ToString());
        Assert.That(runItem.Status, Is.EqualTo(RunItemStatus.Succeeded));
    }

    [Test]
    public async Task A_policy_added_to_the_set_by_another_run_during_the_read_is_kept_once_and_the_chunk_still_captured()
    {
        var policies = await AddPoliciesAsync(3);
        var started = await CreateSetAsync(new { name = "Race", policyIds = policies.Select(p => p.Id) });
        var snapshot = await StartAsync($"{TenantUrl}/policies/{policies[0].Id}/snapshots");
        await ExecuteRunAsync(snapshot.Id, CancellationToken.None);
        // While the chunk's $batch read is in flight, another run adds policy 0 to the set: the chunk's save then hits
        // the unique index and the chunk is stored again policy by policy.
        Graph.Faults.Latency = TimeSpan.FromMilliseconds(1500);
        var capture = RunCaptureAsync(started.Run.Id);
        await WaitUntilAsync(async () => (await RunAsync(started.Run.Id)).Total == 3);
        await Task.Delay(300);
        await Factory.DbAsync(async db =>
        {
            var version = await db.PolicyVersions.SingleAsync();
            db.BackupItems.Add(new BackupItem
            {
                Id = Guid.NewGuid(), BackupSetId = started.BackupSet.Id, TenantId = Tenant.Id, PolicyId = policies[0].Id,
                PolicyType = policies[0].PolicyType, GraphId = policies[0].GraphId, DisplayName = policies[0].DisplayName,
                PolicyVersionId = version.Id, CapturedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        await capture;
        Graph.Faults.Latency = TimeSpan.Zero;

        var items = await ItemsAsync(started.BackupSet.Id);
        Assert.That(items.Select(i => i.PolicyId), Is.EquivalentTo(policies.Select(p => p.Id)), "one item per policy, no duplicates");
        var run = await RunAsync(started.Run.Id);
        Assert.That((run.Status, run.Succeeded, run.Failed, run.Total), Is.EqualTo((RunStatus.Succeeded, 3, 0, 3)));
        Assert.That(await Factory.DbAsync(db => db.PolicyVersions.CountAsync()), Is.EqualTo(3), "policy 0's version reused, one new per other policy");
    }

    [Test]
    public async Task Adding_policies_skips_those_already_in_the_set_and_captures_the_rest()
    {
        var policies = await AddPoliciesAsync(3);
        var started = await CreateSetAsync(new { name = "Picker", policyIds = new[] { policies[0].Id, policies[1].Id } });
        await RunCaptureAsync(started.Run.Id);

        var add = await StartAsync($"{BackupSetsUrl}/{started.BackupSet.Id}/policies", new { policyIds = new[] { policies[1].Id, policies[2].Id } });
        await ExecuteRunAsync(add.Id, CancellationToken.None);

        var run = await RunAsync(add.Id);
        Assert.That((run.Status, run.Succeeded, run.Skipped), Is.EqualTo((RunStatus.Succeeded, 1, 1)));
        var skipped = (await RunItemsAsync(add.Id)).Single(i => i.Status == RunItemStatus.Skipped);
        Assert.That((skipped.ItemKey, skipped.SkipReason), Is.EqualTo((policies[1].Id.ToString(), BackupSetCapture.AlreadyInSetReason)));
        var set = await SetAsync(started.BackupSet.Id);
        Assert.That((set.Status, set.ItemCount), Is.EqualTo((BackupSetStatus.Ready, 3)));
    }

    [Test]
    public async Task Capturing_all_policies_of_a_type_takes_only_that_type()
    {
        await AddPoliciesAsync(2);
        await AddPolicyAsync(CompliancePolicies, new System.Text.Json.Nodes.JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.windows10CompliancePolicy",
            ["displayName"] = "Compliance",
        }, PolicyTypes.DeviceCompliancePolicy);
        var started = await CreateSetAsync(new { name = "Configs", all = true, policyTypes = new[] { "deviceConfiguration" } });

        await RunCaptureAsync(started.Run.Id);

        var items = await ItemsAsync(started.BackupSet.Id);
        Assert.That(items.Select(i => i.PolicyType).Distinct(), Is.EqualTo(new[] { PolicyTypes.DeviceConfiguration }));
        Assert.That(items, Has.Count.EqualTo(2));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
