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
    // One-second segments over 20 s plus the safety margin: a permit comes back no sooner than
    // 20 s + margin after it was taken. Graph counts a request when it arrives, not when we took its
    // permit, so the margin absorbs the time a request spends between permit and arrival (a busy
    // machine, a slow connection); without it a burst at the window's edge provokes 429s.
    private readonly int _segments;

    private readonly ConcurrentDictionary<Guid, TenantLimiters> _tenants = new();
    private readonly GraphRateLimitOptions _options;

    public GraphTenantRateLimiters(IOptions<GraphOptions> options)
    {
        _options = options.Value.RateLimit;
        _segments = 21 + _options.SafetyMarginSeconds;
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

    private SlidingWindowRateLimiter Create(int permitsPer20Seconds) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permitsPer20Seconds,
        Window = TimeSpan.FromSeconds(_segments),
        SegmentsPerWindow = _segments,
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
