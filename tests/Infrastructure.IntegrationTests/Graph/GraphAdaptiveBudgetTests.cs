using Microsoft.Extensions.Time.Testing;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

public class GraphAdaptiveBudgetTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private async Task<long> SendAsync(GraphAdaptiveBudget budget, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            (await budget.AcquireAsync(1, CancellationToken.None)).Dispose();
        }

        return _time.GetTimestamp();
    }

    [Test]
    public async Task The_rate_drops_below_what_the_window_carried_on_a_429_and_climbs_back_to_the_ceiling_window_by_window()
    {
        using var budget = new GraphAdaptiveBudget(1000, Window, TimeSpan.Zero, _time);
        var acquiredAt = await SendAsync(budget, 200);

        Assert.That(budget.Throttled(acquiredAt), Is.EqualTo(170), "85% of the 200 the window carried");
        Assert.That(budget.CurrentLimit, Is.EqualTo(170));

        Assert.That(budget.Succeeded(), Is.Null, "no increase within the window of the decrease");
        var limits = new List<int>();
        for (var window = 0; window < 40 && budget.CurrentLimit < 1000; window++)
        {
            _time.Advance(Window);
            limits.Add(budget.Succeeded() ?? -1);
        }

        Assert.That(limits[0], Is.EqualTo(220), "additive: a twentieth of the ceiling per clean window");
        Assert.That(limits, Is.Ordered.Ascending);
        Assert.That(limits, Has.Count.EqualTo(17));
        Assert.That(budget.CurrentLimit, Is.EqualTo(1000));
        Assert.That(budget.Succeeded(), Is.Null, "at the ceiling nothing changes any more");
    }

    [Test]
    public async Task Requests_already_in_flight_at_a_decrease_do_not_lower_the_rate_again_when_their_429s_arrive()
    {
        using var budget = new GraphAdaptiveBudget(1000, Window, TimeSpan.Zero, _time);
        var inFlight = await SendAsync(budget, 200);
        Assert.That(budget.Throttled(inFlight), Is.EqualTo(170));

        Assert.That(budget.Throttled(inFlight), Is.Null);
        Assert.That(budget.CurrentLimit, Is.EqualTo(170));

        _time.Advance(TimeSpan.FromSeconds(1));
        var afterDecrease = await SendAsync(budget, 1);
        Assert.That(budget.Throttled(afterDecrease), Is.EqualTo(144), "a new episode: 85% of the 170 in force (201 carried)");
    }

    [Test]
    public async Task A_429_while_the_window_carried_almost_nothing_leaves_the_rate_alone()
    {
        using var budget = new GraphAdaptiveBudget(1000, Window, TimeSpan.Zero, _time);
        var acquiredAt = await SendAsync(budget, 3);

        Assert.That(budget.Throttled(acquiredAt), Is.Null);
        Assert.That(budget.CurrentLimit, Is.EqualTo(1000));
    }

    [Test]
    public async Task A_lowered_rate_paces_requests_and_queues_those_beyond_it()
    {
        using var budget = new GraphAdaptiveBudget(100, TimeSpan.FromSeconds(60), TimeSpan.Zero, _time);
        await SendAsync(budget, 20);
        Assert.That(budget.Throttled(_time.GetTimestamp()), Is.EqualTo(17));
        using var cancellation = new CancellationTokenSource();

        // 17 per 60 s: one token per 3.5 s; the new bucket starts with that one token.
        (await budget.AcquireAsync(1, CancellationToken.None)).Dispose();
        var second = budget.AcquireAsync(1, cancellation.Token).AsTask();
        var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1)));

        Assert.That(finished, Is.Not.SameAs(second), "the paced rate holds the next request back although the ceiling has room");
        await cancellation.CancelAsync();
        Assert.That(async () => await second, Throws.InstanceOf<OperationCanceledException>());
    }
}
