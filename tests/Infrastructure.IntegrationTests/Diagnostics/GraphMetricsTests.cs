using TenantAtlas.Application.Diagnostics;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Graph;
using TenantAtlas.Infrastructure.IntegrationTests.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Diagnostics;

/// <summary>Issue 18 item 2: Graph requests by status code, 429s and limiter wait, per (bounded) tenant.</summary>
public sealed class GraphMetricsTests : GraphGatewayTestHost
{
    [OneTimeSetUp]
    public void EveryTenantOfTheseTestsGetsItsOwnSeries() => TenantMetricTag.Configure(100_000);

    [Test]
    public async Task Every_attempt_is_counted_by_status_code_and_429s_by_tenant_when_graph_throttles()
    {
        var ids = Enumerable.Range(0, 3).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests", times: 2) { Method = "GET", RetryAfterSeconds = 0.05 });
        var (reader, _) = await StartReaderWriterAsync();
        using var capture = new MetricCapture();

        foreach (var id in ids)
        {
            Assert.That(await reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None), Is.Not.Null);
        }

        var tenant = Tenant.TenantId.ToString();
        var requests = capture.Of(GraphTelemetry.RequestsName, TelemetryTags.TenantId, tenant);
        var byStatus = requests.GroupBy(m => Convert.ToInt32(m.Tags[TelemetryTags.HttpStatusCode])).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.That(byStatus, Is.EquivalentTo(new Dictionary<int, double> { [429] = 2, [200] = Log.Count(r => r.Status == 200) }));
        Assert.That(requests.Select(m => m.Tags[TelemetryTags.HttpMethod]), Is.All.EqualTo("GET"));
        Assert.That(capture.Of(GraphTelemetry.ThrottledName, TelemetryTags.TenantId, tenant).Sum(m => m.Value), Is.EqualTo(2));
        var waits = capture.Of(GraphTelemetry.LimiterWaitName, TelemetryTags.TenantId, tenant);
        Assert.That(waits, Has.Count.EqualTo(Log.Count), "one limiter wait per attempt that reached Graph");
        Assert.That(waits.Select(m => m.Value), Is.All.GreaterThanOrEqualTo(0));
    }
}
