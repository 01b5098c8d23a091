using System.Diagnostics;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

/// <summary>
/// Issue 14 item 8: does reading policies through $batch reduce wall time at high latency without costing budget?
/// 60 policies at 300 ms emulator latency, read one by one with the runs' item parallelism (8) against read in
/// $batch requests of 20. Graph (and the emulator, and our limiter) charge every inner request, so the budget is
/// the same only if no inner request is added; the wall time is what changes.
/// </summary>
public sealed class GraphBatchReadMeasurementTests : GraphGatewayTestHost
{
    private const int Policies = 60;
    private const int ItemParallelism = 8;

    [Test]
    public async Task Batch_reads_cost_the_same_budget_and_take_less_wall_time_at_300_ms_latency()
    {
        var ids = Enumerable.Range(0, Policies).Select(i => Id(AddDeviceConfiguration($"Policy {i}", GroupAssignments(Guid.NewGuid())))).ToList();
        EmulatedTenant.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var (reader, _) = await StartReaderWriterAsync();

        var single = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ItemParallelism }, async (id, ct) =>
            Assert.That(await reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, ct), Is.Not.Null));
        single.Stop();
        var singleRequests = Log.Count;
        var singleCharged = Log.Count(r => !r.Path.EndsWith("$batch", StringComparison.Ordinal));
        Emulator.State.ClearRequestLog();

        var batched = Stopwatch.StartNew();
        var results = await reader.GetPoliciesAsync(Tenant, ids.Select(id => new GraphPolicyRef(DeviceConfiguration, id)).ToList(), CancellationToken.None);
        batched.Stop();
        var batchHttp = Log.Count(r => !r.IsBatchInner);
        var batchCharged = Log.Count(r => r.IsBatchInner || !r.Path.EndsWith("$batch", StringComparison.Ordinal));

        TestContext.Out.WriteLine($"{Policies} policies at 300 ms: one by one (parallelism {ItemParallelism}) {single.ElapsedMilliseconds} ms, " +
                                  $"{singleRequests} HTTP requests, {singleCharged} charged; $batch {batched.ElapsedMilliseconds} ms, " +
                                  $"{batchHttp} HTTP requests, {batchCharged} charged");
        Assert.That(results.Select(r => r.Policy?.GraphId), Is.EqualTo(ids));
        Assert.That(batchCharged, Is.EqualTo(singleCharged), "the same budget");
        Assert.That(batched.Elapsed, Is.LessThan(single.Elapsed / 2));
    }
}
