using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>Spec T012: clicks while a capture run is active reuse it; after it finishes a click starts a new one.</summary>
public sealed class PolicyCaptureSnapshotIdempotencyTests : CaptureTestFixture
{
    [Test]
    public async Task Double_click_reuses_the_active_run()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var url = $"{TenantUrl}/policies/{policy.Id}/snapshots";

        var first = await StartAsync(url);
        var second = await StartAsync(url);

        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That(first.Reused, Is.False);
        Assert.That(second.Reused, Is.True);
        Assert.That(await Factory.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.EqualTo(1));
        Assert.That(PublishedCount<CapturePolicySnapshot>(first.Id), Is.EqualTo(1), "a reused run is not published again");
    }

    [Test]
    public async Task Fifty_concurrent_clicks_create_exactly_one_run()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var url = $"{TenantUrl}/policies/{policy.Id}/snapshots";
        var clients = Enumerable.Range(0, 50).Select(_ => OperatorClient()).ToList();

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsync(url, null)));
        var runs = await Task.WhenAll(responses.Select(r => r.ReadAsync<RunDto>(HttpStatusCode.Accepted)));

        var ids = runs.Select(r => r.Id).Distinct().ToList();
        Assert.That(ids, Has.Count.EqualTo(1), "every response carries the same run");
        Assert.That(runs.Count(r => !r.Reused), Is.EqualTo(1), "exactly one request created it");
        Assert.That(await Factory.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.EqualTo(1));
        Assert.That(responses.Select(r => r.Headers.Location?.ToString()).Distinct(), Is.EqualTo(new[] { $"{TenantUrl}/runs/{ids[0]}" }));
    }

    [Test]
    public async Task A_click_after_the_run_finished_creates_a_new_run()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var url = $"{TenantUrl}/policies/{policy.Id}/snapshots";
        var first = await StartAsync(url);
        await ExecuteRunAsync(first.Id, CancellationToken.None);
        Assert.That((await RunAsync(first.Id)).Status, Is.EqualTo(RunStatus.Succeeded));

        var next = await StartAsync(url);

        Assert.That(next.Id, Is.Not.EqualTo(first.Id));
        Assert.That(next.Reused, Is.False);
        Assert.That(next.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(WasPublished<CapturePolicySnapshot>(next.Id), Is.True);
    }

    [Test]
    public async Task Clicks_on_different_policies_start_separate_runs()
    {
        var (a, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var (b, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Kiosk baseline"));

        var runA = await StartAsync($"{TenantUrl}/policies/{a.Id}/snapshots");
        var runB = await StartAsync($"{TenantUrl}/policies/{b.Id}/snapshots");

        Assert.That(runB.Id, Is.Not.EqualTo(runA.Id));
        Assert.That(runB.Reused, Is.False);
    }
}
