using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.BackupSets;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Application.BackupSets;
using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Notifications;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>
/// POST /tenants/{t}/runs/{id}/retry-failed (spec T037) and the safe error context of terminal
/// notifications (spec T039), with capture jobs run against the emulator.
/// </summary>
public sealed class RetryFailedItemsTests : BackupSetTestFixture
{
    private const string Owner = "owen";
    // Word-like on purpose: the sanitizer keeps it in the stored item error, so the notification search below looks at real data.
    private const string PlantedGraphMessage = "Planted-graph-message-marker: tenant internals must never reach a notification";

    private string RetryUrl(Guid runId) => $"{TenantUrl}/runs/{runId}/retry-failed";

    private async Task<(BackupSetStartedDto Started, List<Domain.Policies.Policy> Policies)> PartialCaptureAsync(int failures, int? times = null)
    {
        var policies = await AddPoliciesAsync(4);
        foreach (var policy in policies.Take(failures))
        {
            Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", PlantedGraphMessage, times) { ObjectId = policy.GraphId });
        }

        var started = await CreateSetAsync(new { name = "Nightly", policyIds = policies.Select(p => p.Id) });
        await ExecuteRunAsync(started.Run.Id, CancellationToken.None);
        return (started, policies);
    }

    [Test]
    public async Task Terminal_notification_of_a_partial_run_has_the_failed_count_and_sanitized_code_but_no_graph_message()
    {
        var (started, _) = await PartialCaptureAsync(failures: 2);
        Assert.That((await RunAsync(started.Run.Id)).Status, Is.EqualTo(RunStatus.Partial));
        var stored = await Factory.DbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == started.Run.Id && i.Status == RunItemStatus.Failed)
            .Select(i => i.ErrorMessage).ToListAsync());
        Assert.That(stored, Has.Count.EqualTo(2));
        Assert.That(stored, Has.All.Contain("Planted-graph-message-marker"), "the planted message did reach the item (so the search below looks at real data)");

        var notifications = await (await OperatorClient().GetAsync("/api/v1/me/notifications?pageSize=50")).ReadAsync<PagedResult<NotificationDto>>(HttpStatusCode.OK);
        var terminal = notifications.Items.Single(n => n.Data!["runId"]!.GetValue<Guid>() == started.Run.Id && n.Data["status"]!.GetValue<string>() == "Partial");

        Assert.That(terminal.Data!["failedItems"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(terminal.Data["mostCommonErrorCode"]!.GetValue<string>(), Is.EqualTo(GraphErrorCodes.Forbidden));
        Assert.That(terminal.Data["link"]!.GetValue<string>(), Is.EqualTo($"/api/v1/tenants/{Tenant.Id}/runs/{started.Run.Id}"));
        var allNotificationData = await Factory.DbAsync(db => db.Notifications.AsNoTracking().Select(n => n.Data).ToListAsync());
        Assert.That(allNotificationData.Where(d => d.Contains("Planted-graph-message", StringComparison.Ordinal)), Is.Empty);
        var events = await Factory.DbAsync(db => db.RunEvents.AsNoTracking().Where(e => e.RunId == started.Run.Id).ToListAsync());
        Assert.That(events.Select(e => JsonSerializer.Serialize(e)).Where(e => e.Contains("Planted-graph-message", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Retry_of_a_partial_backup_set_capture_adds_only_the_failed_policies_and_is_idempotent()
    {
        var (started, policies) = await PartialCaptureAsync(failures: 2, times: 1);
        var failedIds = policies.Take(2).Select(p => p.Id).ToList();

        var response = await OperatorClient().PostAsync(RetryUrl(started.Run.Id), null);
        var retry = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/tenants/{Tenant.Id}/runs/{retry.Id}"));
        Assert.That((retry.Operation, retry.TargetId, retry.Status, retry.Reused),
            Is.EqualTo((RunOperations.BackupSetAddPolicies, (Guid?)started.BackupSet.Id, RunStatus.Queued, false)));
        var stored = await RunAsync(retry.Id);
        Assert.That(BackupSetSelection.FromJson(stored.Input).PolicyIds, Is.EquivalentTo(failedIds));

        var again = await (await OperatorClient().PostAsync(RetryUrl(started.Run.Id), null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That((again.Id, again.Reused), Is.EqualTo((retry.Id, true)), "the same retry while the first is active reuses it");

        var notFinished = await (await OperatorClient().PostAsync(RetryUrl(retry.Id), null)).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(notFinished["code"]!.GetValue<string>(), Is.EqualTo("run.not_finished"));

        await ExecuteRunAsync(retry.Id, CancellationToken.None);
        var finished = await RunAsync(retry.Id);
        Assert.That((finished.Status, finished.Total, finished.Succeeded), Is.EqualTo((RunStatus.Succeeded, 2, 2)));
        Assert.That(await Factory.DbAsync(db => db.BackupItems.CountAsync(i => i.BackupSetId == started.BackupSet.Id)), Is.EqualTo(4));

        var nothingFailed = await (await OperatorClient().PostAsync(RetryUrl(retry.Id), null)).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(nothingFailed["code"]!.GetValue<string>(), Is.EqualTo("run.no_failed_items"));
    }

    [Test]
    public async Task Retry_of_a_failed_snapshot_captures_the_same_policy_again()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Baseline"));
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", PlantedGraphMessage) { ObjectId = policy.GraphId });
        var snapshot = await StartAsync($"{TenantUrl}/policies/{policy.Id}/snapshots");
        await ExecuteRunAsync(snapshot.Id, CancellationToken.None);
        Assert.That((await RunAsync(snapshot.Id)).Status, Is.EqualTo(RunStatus.Failed));

        var retry = await (await OperatorClient().PostAsync(RetryUrl(snapshot.Id), null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);

        Assert.That((retry.Operation, retry.TargetId, retry.Reused), Is.EqualTo((RunOperations.PolicyCaptureSnapshot, (Guid?)policy.Id, false)));
        Assert.That(WasPublished<Application.Contracts.CapturePolicySnapshot>(retry.Id), Is.True);
    }

    [Test]
    public async Task Unknown_run_is_404_and_a_reader_may_not_retry()
    {
        var unknown = await (await OperatorClient().PostAsync(RetryUrl(Guid.NewGuid()), null)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.That(unknown["code"]!.GetValue<string>(), Is.EqualTo("not_found"));
        Assert.That((await ReaderClient().PostAsync(RetryUrl(Guid.NewGuid()), null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// <summary>A finished restore run with two failed items out of three, written straight to the database.</summary>
    private async Task<(RestoreRun Run, List<Guid> FailedItemIds)> SeedFinishedRestoreAsync(bool dryRun)
    {
        var set = await RestoreScenario.SeedBackupSetAsync(Factory, Tenant.Id, items: 3);
        var items = (await RestoreScenario.ItemsAsync(Factory, set.Id)).OrderBy(i => i.Id).ToList();
        var run = await Factory.DbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var run = new RestoreRun
            {
                Id = Guid.NewGuid(), TenantId = Tenant.Id, BackupSetId = set.Id, ScopeHash = "seed", IsDryRun = dryRun, Operation = RestoreRun.OperationFor(dryRun), IncludeAssignments = true,
                IdempotencyKey = $"seed:{Guid.NewGuid()}", RequestedBy = "test", CreatedAt = now, UpdatedAt = now,
            };
            run.MarkRunning(now, TimeSpan.FromMinutes(5));
            run.SetCounts(3, 1, 2, 0);
            run.Complete(now);
            db.Runs.Add(run);
            foreach (var (item, index) in items.Select((item, index) => (item, index)))
            {
                db.RunItems.Add(new RunItem
                {
                    Id = Guid.NewGuid(), RunId = run.Id, RunKind = RunKind.Restore, TenantId = Tenant.Id, ItemKey = item.Id.ToString("D"),
                    Status = index == 0 ? RunItemStatus.Succeeded : RunItemStatus.Failed,
                    ErrorCode = index == 0 ? null : GraphErrorCodes.Forbidden, UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
            return run;
        });
        return (run, items.Skip(1).Select(i => i.Id).ToList());
    }

    [Test]
    public async Task Retry_of_a_live_restore_needs_the_owner_and_restores_only_the_failed_items_with_the_same_flags()
    {
        await TestTenants.AddMemberAsync(Factory, Tenant.Id, Owner, TenantRole.Owner);
        var (run, failedItemIds) = await SeedFinishedRestoreAsync(dryRun: false);
        Assert.That(run.Status, Is.EqualTo(RunStatus.Partial));

        var asOperator = await (await OperatorClient().PostAsync(RetryUrl(run.Id), null)).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(asOperator["code"]!.GetValue<string>(), Is.EqualTo("forbidden"));

        var owner = Factory.CreateClientFor(Owner);
        var retry = await (await owner.PostAsync(RetryUrl(run.Id), null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That((retry.Kind, retry.Operation, retry.Reused), Is.EqualTo((RunKind.Restore, RunOperations.Restore, false)));
        Assert.That(retry.Restore!.BackupItemIds, Is.EquivalentTo(failedItemIds));
        Assert.That((retry.Restore.BackupSetId, retry.Restore.DryRun, retry.Restore.IncludeAssignments), Is.EqualTo((run.BackupSetId, false, true)));

        var again = await (await owner.PostAsync(RetryUrl(run.Id), null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That((again.Id, again.Reused), Is.EqualTo((retry.Id, true)));
    }

    [Test]
    public async Task Retry_of_a_restore_preview_is_allowed_to_an_operator()
    {
        var (run, failedItemIds) = await SeedFinishedRestoreAsync(dryRun: true);

        var retry = await (await OperatorClient().PostAsync(RetryUrl(run.Id), null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);

        Assert.That((retry.Operation, retry.Restore!.DryRun), Is.EqualTo((RunOperations.RestorePreview, true)));
        Assert.That(retry.Restore.BackupItemIds, Is.EquivalentTo(failedItemIds));
    }
}
