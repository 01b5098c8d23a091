using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// One request budget and one write budget per tenant (sliding 20 s windows), shared by every Graph
/// call in the process. Waiting for a permit queues; it never fails.
/// </summary>
internal sealed class GraphTenantRateLimiters : IDisposable
{
    // 21 one-second segments: a permit comes back no sooner than 20 s after it was taken, so bursts stay
    // inside a strict 20 s sliding window as Graph counts it.
    private const int Segments = 21;

    private readonly ConcurrentDictionary<Guid, TenantLimiters> _tenants = new();
    private readonly GraphRateLimitOptions _options;

    public GraphTenantRateLimiters(IOptions<GraphOptions> options)
    {
        _options = options.Value.RateLimit;
    }

    /// <summary>Waits until the tenant may send <paramref name="requests"/> requests of which <paramref name="writes"/> are writes.</summary>
    public async ValueTask<IDisposable> AcquireAsync(Guid tenantId, int requests, int writes, CancellationToken cancellationToken)
    {
        var limiters = _tenants.GetOrAdd(tenantId, _ => new TenantLimiters(
            Create(_options.RequestsPer20Seconds), Create(_options.WritesPer20Seconds)));
        var leases = new List<RateLimitLease>(2);
        try
        {
            if (writes > 0)
            {
                leases.Add(await Acquire(limiters.Writes, writes, _options.WritesPer20Seconds, cancellationToken));
            }

            leases.Add(await Acquire(limiters.Requests, Math.Max(1, requests), _options.RequestsPer20Seconds, cancellationToken));
        }
        catch
        {
            leases.ForEach(l => l.Dispose());
            throw;
        }

        return new Leases(leases);
    }

    private static async ValueTask<RateLimitLease> Acquire(RateLimiter limiter, int permits, int limit, CancellationToken cancellationToken)
    {
        var lease = await limiter.AcquireAsync(Math.Min(permits, limit), cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The Graph rate limiter refused a permit although its queue is unbounded.");
        }

        return lease;
    }

    private static SlidingWindowRateLimiter Create(int permitsPer20Seconds) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permitsPer20Seconds,
        Window = TimeSpan.FromSeconds(Segments),
        SegmentsPerWindow = Segments,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public void Dispose()
    {
        foreach (var limiters in _tenants.Values)
        {
            limiters.Requests.Dispose();
            limiters.Writes.Dispose();
        }

        _tenants.Clear();
    }

    private sealed record TenantLimiters(RateLimiter Requests, RateLimiter Writes);

    private sealed class Leases(List<RateLimitLease> leases) : IDisposable
    {
        public void Dispose() => leases.ForEach(l => l.Dispose());
    }
}
