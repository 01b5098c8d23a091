using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>Spec T013/T016: the capture job against the Graph emulator through the real gateway.</summary>
public sealed class CapturePolicySnapshotJobTests : CaptureTestFixture
{
    private async Task<RunDto> CaptureAsync(Guid policyId)
    {
        var run = await StartAsync($"{TenantUrl}/policies/{policyId}/snapshots");
        await ExecuteRunAsync(run.Id, CancellationToken.None);
        return run;
    }

    [Test]
    public async Task Captures_version_1_equal_to_the_normalized_graph_object_when_first_captured()
    {
        var group = Guid.NewGuid();
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"), assignments: GroupAssignment(group));

        var run = await CaptureAsync(policy.Id);

        var stored = await RunAsync(run.Id);
        Assert.That(stored.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That((stored.Total, stored.Succeeded, stored.Failed), Is.EqualTo((1, 1, 0)));
        var item = (await RunItemsAsync(run.Id)).Single();
        Assert.That(item.Action, Is.EqualTo(RunItemAction.Captured));

        var version = await (await ReaderClient().GetAsync($"{TenantUrl}/policies/{policy.Id}/versions/1"))
            .ReadAsync<PolicyVersionDetailsDto>(HttpStatusCode.OK);
        var expected = PolicyPayload.Normalize(Graph.Find(DeviceConfigurations, policy.GraphId)!);
        Assert.That(JsonNode.DeepEquals(version.Payload, expected), Is.True, version.Payload?.ToJsonString());
        Assert.That(version.Assignments!.AsArray().Single()!["target"]!["groupId"]!.GetValue<string>(), Is.EqualTo(group.ToString()));
        Assert.That(version.CapturedByRunId, Is.EqualTo(run.Id));
        Assert.That(version.ContentHash, Has.Length.EqualTo(64));
    }

    [Test]
    public async Task Notifies_the_requester_of_queued_running_and_succeeded()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));

        var run = await CaptureAsync(policy.Id);

        var statuses = await Factory.DbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.UserId == OperatorUserId).OrderBy(n => n.Id).Select(n => n.Data).ToListAsync());
        var forRun = statuses.Select(d => JsonNode.Parse(d)!).Where(d => d["runId"]!.GetValue<Guid>() == run.Id)
            .Select(d => d["status"]!.GetValue<string>()).ToList();
        Assert.That(forRun, Is.EqualTo(new[] { "Queued", "Running", "Succeeded" }));
    }

    [Test]
    public async Task Records_unchanged_and_adds_no_version_when_the_content_is_the_same()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        await CaptureAsync(policy.Id);
        // Graph bumps server-owned properties without a configuration change; they are not content.
        Graph.Update(DeviceConfigurations, policy.GraphId, _ => { }, touch: true);

        var second = await CaptureAsync(policy.Id);

        Assert.That((await RunAsync(second.Id)).Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That((await RunItemsAsync(second.Id)).Single().Action, Is.EqualTo(RunItemAction.Unchanged));
        var versions = await (await ReaderClient().GetAsync($"{TenantUrl}/policies/{policy.Id}/versions"))
            .ReadAsync<Application.Common.PagedResult<PolicyVersionDto>>(HttpStatusCode.OK);
        Assert.That(versions.Items.Select(v => v.VersionNumber), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Adds_the_next_version_when_the_policy_changed_in_graph()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        await CaptureAsync(policy.Id);
        Graph.Update(DeviceConfigurations, policy.GraphId, o => o["passwordMinimumLength"] = 14, touch: true);

        var second = await CaptureAsync(policy.Id);

        Assert.That((await RunItemsAsync(second.Id)).Single().Action, Is.EqualTo(RunItemAction.Captured));
        var detail = await (await ReaderClient().GetAsync($"{TenantUrl}/policies/{policy.Id}")).ReadAsync<PolicyDetailsDto>(HttpStatusCode.OK);
        Assert.That(detail.Policy.LatestVersionNumber, Is.EqualTo(2));
        Assert.That(detail.LatestVersion!.Payload!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(14));
        var v1 = await (await ReaderClient().GetAsync($"{TenantUrl}/policies/{policy.Id}/versions/1")).ReadAsync<PolicyVersionDetailsDto>(HttpStatusCode.OK);
        Assert.That(v1.Payload!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(12), "older versions are immutable");
    }

    [Test]
    public async Task Fails_with_graph_not_found_when_the_policy_is_gone_from_the_tenant()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        Graph.Remove(DeviceConfigurations, policy.GraphId);

        var run = await CaptureAsync(policy.Id);

        var stored = await RunAsync(run.Id);
        Assert.That(stored.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(stored.FailureCode, Is.EqualTo(GraphErrorCodes.NotFound));
        var item = (await RunItemsAsync(run.Id)).Single();
        Assert.That((item.Status, item.ErrorCode, item.ErrorHttpStatus), Is.EqualTo((RunItemStatus.Failed, GraphErrorCodes.NotFound, (int?)404)));
        Assert.That(await Factory.DbAsync(db => db.PolicyVersions.CountAsync()), Is.Zero);
    }

    [Test]
    public async Task Fails_with_graph_forbidden_and_the_request_id_when_graph_answers_403()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Application is not authorized to perform this operation.")
        {
            ObjectId = policy.GraphId,
        });

        var run = await CaptureAsync(policy.Id);

        var detail = await (await ReaderClient().GetAsync($"{TenantUrl}/runs/{run.Id}")).ReadAsync<RunDetailsDto>(HttpStatusCode.OK);
        Assert.That(detail.Run.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(detail.Run.Failure?.Code, Is.EqualTo(GraphErrorCodes.Forbidden));
        var error = detail.Items.Items.Single().Error!;
        Assert.That(error.Code, Is.EqualTo(GraphErrorCodes.Forbidden));
        Assert.That(error.HttpStatus, Is.EqualTo(403));
        Assert.That(error.RequestId, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task Fails_with_graph_throttled_when_throttling_outlasts_the_retries()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var throttle = Graph.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests", "Too many requests")
        {
            ObjectId = policy.GraphId,
            RetryAfterSeconds = 0.05,
        });

        var run = await CaptureAsync(policy.Id);

        var stored = await RunAsync(run.Id);
        Assert.That(stored.Status, Is.EqualTo(RunStatus.Failed));
        var item = (await RunItemsAsync(run.Id)).Single();
        Assert.That((item.ErrorCode, item.ErrorHttpStatus), Is.EqualTo((GraphErrorCodes.Throttled, (int?)429)));
        Assert.That(throttle.Hits, Is.GreaterThan(1), "the gateway retried before giving up");
    }

    [Test]
    public async Task Fails_the_run_without_items_when_the_policy_row_is_gone()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var run = await StartAsync($"{TenantUrl}/policies/{policy.Id}/snapshots");
        await Factory.DbAsync(db => db.Policies.Where(p => p.Id == policy.Id).ExecuteDeleteAsync());

        await ExecuteRunAsync(run.Id, CancellationToken.None);

        var stored = await RunAsync(run.Id);
        Assert.That((stored.Status, stored.FailureCode), Is.EqualTo((RunStatus.Failed, CapturePolicySnapshotJob.PolicyNotFoundCode)));
        Assert.That(await RunItemsAsync(run.Id), Is.Empty);
        Assert.That(GraphRequests(), Is.Empty);
    }

    [Test]
    public async Task A_resumed_run_does_not_capture_an_item_already_final()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var run = await CaptureAsync(policy.Id);
        // As if the sweeper re-queued the run after a crash that happened after the item was recorded
        // (identifiers quoted: PostgreSQL folds bare ones to lower case).
        await Factory.DbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Runs\" SET \"Status\" = 'Queued', \"FinishedAt\" = NULL WHERE \"Id\" = {run.Id}"));
        Emulator.State.ClearRequestLog();

        await ExecuteRunAsync(run.Id, CancellationToken.None);

        Assert.That(GraphRequests(), Is.Empty);
        Assert.That((await RunAsync(run.Id)).Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(await Factory.DbAsync(db => db.PolicyVersions.CountAsync()), Is.EqualTo(1));
    }
}
