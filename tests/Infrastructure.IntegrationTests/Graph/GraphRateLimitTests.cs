using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

public class GraphRateLimitTests : GraphGatewayTestHost
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>Waits (on a loaded machine, cold start included) until the expected work is done, then a little longer.</summary>
    private static async Task SettleAsync(Func<bool> expectedDone)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!expectedDone() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(Settle);
    }

    [Test]
    public async Task A_burst_stays_under_the_budget_and_queues_the_rest_when_the_emulator_enforces_the_same_budget()
    {
        var ids = Enumerable.Range(0, 7).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        EmulatedTenant.Faults.RequestBudgetPer20s = 5;
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?>
        {
            ["Graph:RateLimit:RequestsPer20Seconds"] = "5",
            ["Graph:Retry:MaxRetryAttempts"] = "0",
        });
        using var cancellation = new CancellationTokenSource();

        var reads = ids.Select(id => reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, cancellation.Token)).ToList();
        await SettleAsync(() => reads.Count(r => r.IsCompleted) >= 5);

        Assert.That(reads.Count(r => r.IsCompletedSuccessfully), Is.EqualTo(5));
        Assert.That(reads.Count(r => !r.IsCompleted), Is.EqualTo(2), "the rest wait for a permit instead of failing");
        Assert.That(Log.Select(r => r.Status), Is.All.EqualTo(200));
        Assert.That(Log, Has.Count.EqualTo(5));
        await cancellation.CancelAsync();
        Assert.That(async () => await Task.WhenAll(reads), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Writes_are_held_to_the_write_budget_when_reads_still_have_room()
    {
        EmulatedTenant.Faults.WriteBudgetPer20s = 2;
        var (reader, writer) = await StartReaderWriterAsync(new Dictionary<string, string?>
        {
            ["Graph:RateLimit:WritesPer20Seconds"] = "2",
            ["Graph:Retry:MaxRetryAttempts"] = "0",
        });
        using var cancellation = new CancellationTokenSource();

        var creates = Enumerable.Range(0, 3)
            .Select(i => writer.CreateAsync(Tenant, DeviceConfiguration, NewDeviceConfiguration($"New {i}"), null, cancellation.Token))
            .ToList();
        await SettleAsync(() => creates.Count(c => c.IsCompleted) >= 2);
        var listed = 0;
        await foreach (var _ in reader.ListAsync(Tenant, DeviceConfiguration, CancellationToken.None))
        {
            listed++;
        }

        Assert.That(creates.Count(c => c.IsCompletedSuccessfully), Is.EqualTo(2));
        Assert.That(creates.Count(c => !c.IsCompleted), Is.EqualTo(1));
        Assert.That(listed, Is.EqualTo(2), "reads are not held back by the write budget");
        Assert.That(Log.Any(r => r.Status == 429), Is.False);
        await cancellation.CancelAsync();
        Assert.That(async () => await Task.WhenAll(creates), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Each_inner_request_of_a_batch_counts_against_the_budget_when_reading_in_batches()
    {
        var ids = Enumerable.Range(0, 4).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?> { ["Graph:RateLimit:RequestsPer20Seconds"] = "5" });
        using var cancellation = new CancellationTokenSource();

        await reader.GetPoliciesAsync(Tenant, ids.Select(id => new GraphPolicyRef(DeviceConfiguration, id)).ToList(), CancellationToken.None);
        var fifth = reader.GetPolicyAsync(Tenant, DeviceConfiguration, ids[0], CancellationToken.None);
        var sixth = reader.GetPolicyAsync(Tenant, DeviceConfiguration, ids[1], cancellation.Token);
        await SettleAsync(() => fifth.IsCompleted);

        Assert.That(fifth.IsCompletedSuccessfully, Is.True);
        Assert.That(sixth.IsCompleted, Is.False, "4 inner requests + 1 GET used the budget of 5");
        await cancellation.CancelAsync();
        Assert.That(async () => await sixth, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task One_tenants_exhausted_budget_does_not_hold_back_another_tenant()
    {
        var ids = Enumerable.Range(0, 3).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        var busyTenant = Tenant;
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?> { ["Graph:RateLimit:RequestsPer20Seconds"] = "2" });
        using var cancellation = new CancellationTokenSource();
        var busy = ids.Select(id => reader.GetPolicyAsync(busyTenant, DeviceConfiguration, id, cancellation.Token)).ToList();
        await SettleAsync(() => busy.Count(b => b.IsCompleted) >= 2);

        NewTenant();
        var otherId = Id(AddDeviceConfiguration("Other"));
        var other = reader.GetPolicyAsync(Tenant, DeviceConfiguration, otherId, CancellationToken.None);
        var finished = await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.That(finished, Is.SameAs(other));
        Assert.That((await other)!.GraphId, Is.EqualTo(otherId));
        Assert.That(busy.Count(b => !b.IsCompleted), Is.EqualTo(1));
        await cancellation.CancelAsync();
        Assert.That(async () => await Task.WhenAll(busy), Throws.InstanceOf<OperationCanceledException>());
    }
}
