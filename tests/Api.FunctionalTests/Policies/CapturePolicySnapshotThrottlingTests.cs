using Microsoft.Extensions.Time.Testing;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>
/// Spec T038: the emulator enforces its per-tenant throttle budget on a fake clock; the capture job backs
/// off on 429 and succeeds once the window frees, without failing the item.
/// </summary>
public sealed class CapturePolicySnapshotThrottlingTests : CaptureTestFixture
{
    private readonly FakeTimeProvider graphClock = new(DateTimeOffset.UtcNow);

    protected override GraphEmulatorState CreateEmulatorState() => new(graphClock);

    [Test]
    public async Task Succeeds_after_throttling_when_the_tenants_budget_frees_up()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        var run = await StartAsync($"{TenantUrl}/policies/{policy.Id}/snapshots");
        // One request per 20 s, and another client of the tenant has just used it: the job is throttled.
        Graph.Faults.RequestBudgetPer20s = 1;
        Graph.Faults.RetryAfterSeconds = 0.05;
        using var other = new HttpClient { BaseAddress = Emulator.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new("Bearer", $"emulator:{Tenant.EntraTenantId}");
        (await other.GetAsync($"beta/{DeviceConfigurations}")).EnsureSuccessStatusCode();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var job = ExecuteRunAsync(run.Id, stop.Token);
        // Let the window pass (on the emulator's clock) once the client has been throttled.
        while (!job.IsCompleted)
        {
            if (GraphRequests().Any(r => r.Status == 429))
            {
                graphClock.Advance(TimeSpan.FromSeconds(21));
            }

            await Task.Delay(20);
        }

        await job;
        var stored = await RunAsync(run.Id);
        Assert.That(GraphRequests().Count(r => r.Status == 429), Is.GreaterThanOrEqualTo(1), "the budget throttled the client");
        Assert.That(stored.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That((await RunItemsAsync(run.Id)).Single().Action, Is.EqualTo(RunItemAction.Captured));
    }
}
