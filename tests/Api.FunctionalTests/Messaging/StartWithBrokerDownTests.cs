using Microsoft.Extensions.DependencyInjection;
using MassTransit;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Messaging;

/// <summary>
/// Issue 22 item 6: the run row is the outbox, so a start answers 202 at once when the broker cannot be
/// reached (before: every start waited out a 5 s publish timeout); the run stays Queued, undispatched,
/// for the sweeper to publish once the broker is back.
/// </summary>
public sealed class StartWithBrokerDownTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    // RabbitMQ transport pointed at a closed loopback port: the broker is down for the whole fixture.
    protected override ApiFactory CreateFactory() => new ApiFactory(hostConsumers: true)
        .With("Messaging:Transport", "RabbitMq")
        .With("Messaging:RabbitMq:Uri", "amqp://guest:guest@127.0.0.1:9/")
        .With("Messaging:RabbitMq:TemporaryQueues", "true");

    protected override async Task SeedAsync() => tenant = await CreateTenantAsync("Contoso", ("operator", TenantRole.Operator));

    [Test]
    public async Task Starts_answer_202_at_once_and_stay_queued_for_the_sweeper_when_the_broker_is_down()
    {
        var client = ClientFor("operator");
        // Let the bus notice the broker is unreachable (it reports itself unhealthy after its first attempt; on a loaded
        // machine that can take longer than a second, and until then a start waits up to Runs:PublishTimeout).
        var bus = Factory.Services.GetRequiredService<IBusControl>();
        var noticed = Stopwatch.StartNew();
        while (bus.CheckHealth().Status != BusHealthStatus.Unhealthy && noticed.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        Assert.That(bus.CheckHealth().Status, Is.EqualTo(BusHealthStatus.Unhealthy), "the bus never noticed the broker is down");
        var timings = new List<TimeSpan>();
        var runs = new List<RunDto>();
        // The first request of a fresh host pays for JIT of the whole start path (seconds on a loaded 2-core machine);
        // it is not timed, but its run must be stored like the others.
        runs.Add(await (await client.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted));
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null);
            clock.Stop();
            runs.Add(await response.ReadAsync<RunDto>(HttpStatusCode.Accepted));
            timings.Add(clock.Elapsed);
        }

        TestContext.Out.WriteLine("start latencies with the broker down: " + string.Join(", ", timings.Select(t => $"{t.TotalMilliseconds:F0} ms")));
        Assert.That(timings.Max(), Is.LessThan(TimeSpan.FromSeconds(1)), "no start waits for the broker");
        var ids = runs.Select(r => r.Id).ToList();
        var stored = await DbAsync(db => db.Runs.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync());
        Assert.That(stored.Select(r => (r.Status, r.DispatchedAt)), Is.All.EqualTo((RunStatus.Queued, (DateTimeOffset?)null)),
            "committed as Queued and not dispatched: the sweeper publishes them later");
    }
}
