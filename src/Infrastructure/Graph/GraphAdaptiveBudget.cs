using System.Threading.RateLimiting;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// One budget of one tenant (all requests, or writes). The configured budget is a ceiling, kept by a sliding
/// window. A tenant whose real budget is lower answers 429; each throttling episode then lowers the rate
/// multiplicatively (to 85% of what the window carried), and a paced token bucket spreads requests at that rate; every window without a 429 raises
/// it additively until it reaches the ceiling again and the pacing is dropped (AIMD, as TCP does with loss).
/// </summary>
internal sealed class GraphAdaptiveBudget : IDisposable
{
    // On a 429 the rate drops to 85% of what the last window actually carried (never above the rate in force):
    // the carried count is the best estimate of the tenant's real budget, and the factor leaves room under it.
    private const double DecreaseFactor = 0.85;

    // Each clean window gives back a twentieth of the ceiling; the rate never drops below one twentieth either.
    private const int IncreaseSteps = 20;

    private readonly object _gate = new();
    private readonly int _ceiling;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly SlidingWindowRateLimiter _ceilingLimiter;
    private Paced? _paced;
    private int _limit;
    private long _lastDecrease = long.MinValue;
    private long _lastChange;
    private bool _disposed;

    public GraphAdaptiveBudget(int ceiling, TimeSpan window, TimeSpan safetyMargin, TimeProvider time)
    {
        _ceiling = ceiling;
        _window = window;
        _time = time;
        _limit = ceiling;

        // Segments of a twentieth of the window, plus one and the safety margin: a permit comes back no sooner
        // than window + margin after it was taken. Graph counts a request when it arrives, not when we took its
        // permit, so the margin absorbs the time a request spends between permit and arrival (a busy machine,
        // a slow connection); without it a burst at the window's edge provokes 429s.
        var segment = window / 20;
        var segments = 21 + (int)Math.Ceiling(safetyMargin / segment);
        _ceilingLimiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = ceiling,
            Window = segment * segments,
            SegmentsPerWindow = segments,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>The rate in force, in permits per window: the ceiling unless Graph throttled recently.</summary>
    public int CurrentLimit => Volatile.Read(ref _limit);

    /// <summary>Waits for <paramref name="permits"/> from the ceiling and, while throttled, from the paced rate.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(int permits, CancellationToken cancellationToken)
    {
        var lease = await _ceilingLimiter.AcquireAsync(Math.Min(permits, _ceiling), cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The Graph rate limiter refused a permit although its queue is unbounded.");
        }

        try
        {
            while (Volatile.Read(ref _paced) is { } paced)
            {
                RateLimitLease tokens;
                try
                {
                    tokens = await paced.Limiter.AcquireAsync(Math.Min(permits, paced.TokenLimit), cancellationToken);
                }
                catch (ObjectDisposedException)
                {
                    // The rate changed between reading the limiter and queueing on it: queue on the new one.
                    continue;
                }

                using (tokens)
                {
                    if (tokens.IsAcquired)
                    {
                        break;
                    }
                }

                // A replaced limiter completes its queue with failed leases; only then is a refusal expected.
                if (ReferenceEquals(Volatile.Read(ref _paced), paced))
                {
                    throw new InvalidOperationException("The paced Graph rate limiter refused a permit although its queue is unbounded.");
                }
            }
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        return lease;
    }

    /// <summary>
    /// A request whose permit was taken at <paramref name="acquiredAt"/> (a <see cref="TimeProvider"/> timestamp)
    /// was throttled. Lowers the rate once per episode: 429s of requests already in flight at the last decrease
    /// belong to it. A 429 while the window carried less than the floor says nothing about our rate (Graph throttles
    /// for another reason): the tenant's pause is the whole answer. Returns the new limit, or null when it did not change.
    /// </summary>
    public int? Throttled(long acquiredAt)
    {
        lock (_gate)
        {
            var carried = _ceiling - (int)Math.Max(0, _ceilingLimiter.GetStatistics()?.CurrentAvailablePermits ?? 0);
            var floor = Math.Max(1, _ceiling / IncreaseSteps);
            if (_disposed || acquiredAt <= _lastDecrease || carried < floor)
            {
                return null;
            }

            var limit = Math.Max(floor, (int)(Math.Min(_limit, carried) * DecreaseFactor));
            var now = _time.GetTimestamp();
            _lastDecrease = now;
            SetLimit(limit, now);
            return limit;
        }
    }

    /// <summary>A request succeeded: after a whole window without a decrease, the rate grows by one step. Returns the new limit, or null.</summary>
    public int? Succeeded()
    {
        if (Volatile.Read(ref _paced) is null)
        {
            return null;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_disposed || _paced is null || _time.GetElapsedTime(_lastChange, now) < _window)
            {
                return null;
            }

            var limit = Math.Min(_ceiling, _limit + Math.Max(1, _ceiling / IncreaseSteps));
            SetLimit(limit, now);
            return limit;
        }
    }

    private void SetLimit(int limit, long now)
    {
        var previous = _paced;
        Volatile.Write(ref _limit, limit);
        _lastChange = now;
        Volatile.Write(ref _paced, limit >= _ceiling ? null : CreatePaced(limit));
        previous?.Limiter.Dispose();
    }

    private Paced CreatePaced(int limit)
    {
        // At least one token per period; the period stretches so the rate stays limit per window exactly.
        // The bucket holds one period's tokens, so a window carries at most limit + limit / 20.
        var tokens = Math.Max(1, limit / IncreaseSteps);
        var period = _window * tokens / limit;
        return new Paced(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }), tokens);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _paced?.Limiter.Dispose();
            _paced = null;
        }

        _ceilingLimiter.Dispose();
    }

    private sealed record Paced(TokenBucketRateLimiter Limiter, int TokenLimit);
}
