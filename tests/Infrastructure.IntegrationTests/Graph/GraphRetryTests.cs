using System.Diagnostics;
using TenantAtlas.Application.Graph;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

public class GraphRetryTests : GraphGatewayTestHost
{
    [TestCase(0.25)]
    [TestCase(0.4)]
    public async Task Reads_succeed_after_waiting_at_least_retry_after_when_the_tenant_is_throttled(double retryAfterSeconds)
    {
        var ids = Enumerable.Range(0, 3).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        EmulatedTenant.Faults.ThrottleErrorCode = "SomethingElse";
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests", times: 2)
        {
            Method = "GET",
            RetryAfterSeconds = retryAfterSeconds,
        });
        var (reader, _) = await StartReaderWriterAsync();
        var stopwatch = Stopwatch.StartNew();

        var policies = await Task.WhenAll(ids.Select(id => reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None)));

        Assert.That(policies.All(p => p is not null), Is.True);
        Assert.That(Log.Count(r => r.Status == 429), Is.EqualTo(2));
        Assert.That(Log.Count(r => r.Status == 200), Is.EqualTo(3));
        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(retryAfterSeconds)));
    }

    [Test]
    public async Task A_retry_waits_each_retry_after_in_turn_when_throttled_twice_in_a_row()
    {
        var id = Id(AddDeviceConfiguration("P"));
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests", times: 2) { ObjectId = id, RetryAfterSeconds = 0.3 });
        var (reader, _) = await StartReaderWriterAsync();
        var stopwatch = Stopwatch.StartNew();

        var policy = await reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None);

        Assert.That(policy, Is.Not.Null);
        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.6)));
        var times = Log.Select(r => r.Time).ToList();
        Assert.That(times[1] - times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.29)));
        Assert.That(times[2] - times[1], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.29)));
    }

    [Test]
    public async Task An_exhausted_time_budget_throws_a_sanitized_throttled_GraphException_when_graph_keeps_answering_429()
    {
        var id = Id(AddDeviceConfiguration("P"));
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "BadRequest",
            "Slow down. Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl client_secret=Sup3rS3cret!")
        {
            RetryAfterSeconds = 0.05,
        });
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?>
        {
            ["Graph:Retry:MaxRetryAttempts"] = "2",
            ["Graph:Retry:TotalBudget"] = "00:00:00.6",
        });
        var stopwatch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None));

        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.5)), "429s are retried until the time budget is spent");
        Assert.That(exception!.GetType(), Is.EqualTo(typeof(GraphException)));
        Assert.That(exception.Error.Code, Is.EqualTo(GraphErrorCodes.Throttled), "decided from the status, not the body code");
        Assert.That(exception.Error.HttpStatus, Is.EqualTo(429));
        Assert.That(exception.Error.GraphCode, Is.EqualTo("BadRequest"));
        Assert.That(exception.Error.RequestId, Is.Not.Null.And.Not.Empty);
        Assert.That(exception.Error.Message, Does.StartWith("Slow down."));
        Assert.That(exception.Message + exception.Error.Message, Does.Not.Contain("eyJ").And.Not.Contain("Sup3rS3cret"));
        Assert.That(Log, Has.Count.GreaterThan(3), "the retry count bounds other faults, not 429s");
    }

    [Test]
    public async Task Exhausted_retries_throw_unavailable_when_graph_keeps_answering_503()
    {
        var id = Id(AddDeviceConfiguration("P"));
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(503, "ServiceUnavailable"));
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?> { ["Graph:Retry:MaxRetryAttempts"] = "1" });

        var exception = await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None));

        Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.Unavailable));
        Assert.That(Log, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task No_retry_starts_when_the_retry_after_would_overrun_the_total_budget()
    {
        var id = Id(AddDeviceConfiguration("P"));
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests") { RetryAfterSeconds = 5 });
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?>
        {
            ["Graph:Retry:MaxDelay"] = "00:00:10",
            ["Graph:Retry:TotalBudget"] = "00:00:01",
        });
        var stopwatch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None));

        Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.Throttled));
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(Log, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Only_our_retry_layer_retries_when_retries_are_switched_off()
    {
        var id = Id(AddDeviceConfiguration("P"));
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests", times: 1) { RetryAfterSeconds = 0.05 });
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?> { ["Graph:Retry:MaxRetryAttempts"] = "0" });

        var exception = await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None));

        Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.Throttled));
        Assert.That(Log, Has.Count.EqualTo(1), "the Graph SDK's RetryHandler must not retry underneath");
    }

    [Test]
    public async Task A_create_is_not_retried_when_graph_answers_503()
    {
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(503, "ServiceUnavailable", times: 1) { Method = "POST" });
        var (_, writer) = await StartReaderWriterAsync();

        var exception = await Assert.ThrowsAsync<GraphException>(() =>
            writer.CreateAsync(Tenant, DeviceConfiguration, NewDeviceConfiguration("New"), null, CancellationToken.None));

        Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.Unavailable));
        Assert.That(Log.Count(r => r.Method == "POST"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_create_is_retried_when_graph_answers_429()
    {
        EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests", times: 1) { Method = "POST", RetryAfterSeconds = 0.1 });
        var (_, writer) = await StartReaderWriterAsync();

        var created = await writer.CreateAsync(Tenant, DeviceConfiguration, NewDeviceConfiguration("New"), null, CancellationToken.None);

        Assert.That(EmulatedTenant.Find(DeviceConfigurations, Id(created)), Is.Not.Null);
        Assert.That(Log.Select(r => r.Status), Is.EqualTo(new[] { 429, 201 }));
    }

    [Test]
    public async Task Network_failures_throw_a_network_GraphException_when_graph_cannot_be_reached()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (reader, _) = await StartReaderWriterAsync(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Graph:Retry:MaxRetryAttempts"] = "1",
        });

        var exception = await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(Tenant, DeviceConfiguration, "x", CancellationToken.None));

        Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.Network));
    }
}
