using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>Spec T011: capture snapshot queues a run and answers at once; the request never captures inline.</summary>
public sealed class PolicyCaptureSnapshotQueuedTests : CaptureTestFixture
{
    [Test]
    public async Task Capture_snapshot_answers_202_with_a_queued_run_and_publishes_without_calling_graph()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        Emulator.State.ClearRequestLog();

        var response = await OperatorClient().PostAsync($"{TenantUrl}/policies/{policy.Id}/snapshots", null);

        var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        var location = $"{TenantUrl}/runs/{run.Id}";
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo(location));
            Assert.That(response.Headers.GetValues("Operation-Location").Single(), Is.EqualTo(location));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(TenantAtlas.Api.Endpoints.RunResults.RetryAfterSeconds)));
            Assert.That(run.Status, Is.EqualTo(RunStatus.Queued));
            Assert.That(run.Operation, Is.EqualTo(RunOperations.PolicyCaptureSnapshot));
            Assert.That(run.TargetId, Is.EqualTo(policy.Id));
            Assert.That(run.Reused, Is.False);
        });

        var stored = await RunAsync(run.Id);
        Assert.That(stored.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(WasPublished<CapturePolicySnapshot>(run.Id), Is.True, "the capture message is published");
        Assert.That(GraphRequests(), Is.Empty, "the request path makes no Graph call");
        var versions = await Factory.DbAsync(db => db.PolicyVersions.CountAsync());
        Assert.That(versions, Is.Zero, "nothing is captured inline");
    }

    [Test]
    public async Task Run_location_shows_the_queued_run_to_a_reader()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var run = await StartAsync($"{TenantUrl}/policies/{policy.Id}/snapshots");

        var detail = await (await ReaderClient().GetAsync($"{TenantUrl}/runs/{run.Id}")).ReadAsync<RunDetailsDto>(HttpStatusCode.OK);

        Assert.That(detail.Run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(detail.Run.Operation, Is.EqualTo(RunOperations.PolicyCaptureSnapshot));
    }

    [Test]
    public async Task Capture_snapshot_of_an_unknown_policy_is_not_found_and_starts_nothing()
    {
        var response = await OperatorClient().PostAsync($"{TenantUrl}/policies/{Guid.NewGuid()}/snapshots", null);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await Factory.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.Zero);
    }

    [Test]
    public async Task A_reader_cannot_capture_a_snapshot()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));

        var response = await ReaderClient().PostAsync($"{TenantUrl}/policies/{policy.Id}/snapshots", null);

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await Factory.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.Zero);
    }

    [Test]
    public async Task Sync_answers_202_with_a_queued_run_and_publishes_without_calling_graph()
    {
        var response = await OperatorClient().PostAsync($"{TenantUrl}/policies/sync", null);

        var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(run.Operation, Is.EqualTo(RunOperations.PolicySync));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"{TenantUrl}/runs/{run.Id}"));
        Assert.That(WasPublished<SyncPolicyInventory>(run.Id), Is.True);
        Assert.That(GraphRequests(), Is.Empty);
    }
}
