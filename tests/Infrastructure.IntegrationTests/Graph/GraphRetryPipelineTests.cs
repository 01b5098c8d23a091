using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TenantAtlas.Application.Graph;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

/// <summary>The retry layer on a fake clock: waits are decided by the TimeProvider from DI, not by wall time.</summary>
public class GraphRetryPipelineTests
{
    private static readonly GraphTenant Tenant = new(Guid.NewGuid(), Guid.NewGuid());
    private static readonly PolicyTypeDefinition DeviceConfiguration = PolicyTypes.Get(PolicyTypes.DeviceConfiguration);

    [Test]
    public async Task Waits_until_the_http_date_in_retry_after_when_graph_sends_a_date()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var handler = new ScriptedHandler(time,
            now => Throttled(r => r.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(30).ToString("r"))),
            _ => Ok());
        var reader = Build(time, handler);

        var read = reader.GetPolicyAsync(Tenant, DeviceConfiguration, "p1", CancellationToken.None);
        await AdvanceUntil(time, () => read.IsCompleted);

        Assert.That(await read, Is.Not.Null);
        Assert.That(handler.CallTimes, Has.Count.EqualTo(2));
        Assert.That(handler.CallTimes[1] - handler.CallTimes[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task Backs_off_exponentially_when_graph_sends_no_retry_after()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var handler = new ScriptedHandler(time,
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => new HttpResponseMessage(HttpStatusCode.GatewayTimeout),
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => Ok());
        var reader = Build(time, handler);

        var read = reader.GetPolicyAsync(Tenant, DeviceConfiguration, "p1", CancellationToken.None);
        await AdvanceUntil(time, () => read.IsCompleted);

        Assert.That(await read, Is.Not.Null);
        var gaps = handler.CallTimes.Zip(handler.CallTimes.Skip(1), (a, b) => b - a).ToList();
        Assert.That(gaps, Has.Count.EqualTo(3));
        // Base 4 s, equal jitter: attempt n waits between half and all of 4 s * 2^n.
        Assert.That(gaps[0], Is.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)));
        Assert.That(gaps[1], Is.InRange(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9)));
        Assert.That(gaps[2], Is.InRange(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(17)));
    }

    [Test]
    public async Task Caps_a_long_retry_after_at_the_maximum_delay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var handler = new ScriptedHandler(time, _ => Throttled(r => r.Headers.TryAddWithoutValidation("Retry-After", "3600")), _ => Ok());
        var reader = Build(time, handler, new Dictionary<string, string?> { ["Graph:Retry:MaxDelay"] = "00:00:10", ["Graph:Retry:TotalBudget"] = "00:05:00" });

        var read = reader.GetPolicyAsync(Tenant, DeviceConfiguration, "p1", CancellationToken.None);
        await AdvanceUntil(time, () => read.IsCompleted);

        Assert.That(await read, Is.Not.Null);
        Assert.That(handler.CallTimes[1] - handler.CallTimes[0], Is.InRange(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12)));
    }

    private static IGraphReader Build(FakeTimeProvider time, ScriptedHandler handler, Dictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Graph:Auth"] = "Emulator",
            ["Graph:BaseUrl"] = "http://graph.test/",
            ["Graph:Retry:BaseDelay"] = "00:00:04",
            ["Graph:Retry:MaxDelay"] = "00:01:00",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddGraphGateway();
        builder.Services.AddHttpClient(GraphRegistration.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return builder.Build().Services.GetRequiredService<IGraphReader>();
    }

    /// <summary>Moves the fake clock in small steps (with real pauses so timers get registered) until done.</summary>
    private static async Task AdvanceUntil(FakeTimeProvider time, Func<bool> done)
    {
        for (var i = 0; i < 400 && !done(); i++)
        {
            await Task.Delay(5);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.That(done(), Is.True, "the request never completed");
    }

    private static HttpResponseMessage Throttled(Action<HttpResponseMessage> configure)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"error":{"code":"TooManyRequests","message":"slow down"}}""", Encoding.UTF8, "application/json"),
        };
        configure(response);
        return response;
    }

    private static HttpResponseMessage Ok() => new(HttpStatusCode.OK)
    {
        Content = new StringContent("""{"id":"p1","displayName":"P","assignments":[]}""", Encoding.UTF8, "application/json"),
    };

    private sealed class ScriptedHandler(TimeProvider time, params Func<DateTimeOffset, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<DateTimeOffset> _calls = new();

        public IReadOnlyList<DateTimeOffset> CallTimes => _calls.ToList();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            _calls.Enqueue(now);
            var index = Math.Min(_calls.Count - 1, script.Length - 1);
            return Task.FromResult(script[index](now));
        }
    }
}
