using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// One request budget and one write budget per tenant, shared by every Graph call in the process. Waiting
/// for a permit queues; it never fails. The budgets learn from Graph: a 429 pauses the whole tenant for its
/// Retry-After (not only the request that got it) and lowers the tenant's rate, which recovers while Graph
/// stops throttling (<see cref="GraphAdaptiveBudget"/>). A tenant whose real budget is below the configured
/// one converges on it instead of provoking a storm of 429s per window. Each (tenant, <see cref="GraphArea"/>) has its
/// own budgets: Entra identity routes (conditional access) are throttled by Graph apart from Intune, with much lower
/// limits (<c>Graph:RateLimit:Identity</c>), and neither area's 429s pause the other.
/// </summary>
internal sealed class GraphTenantRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<(Guid TenantId, GraphArea Area), TenantBudgets> _tenants = new();
    private readonly GraphRateLimitOptions _options;
    private readonly TimeSpan _maxPause;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphTenantRateLimiters> _logger;

    public GraphTenantRateLimiters(IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphTenantRateLimiters> logger)
    {
        _options = options.Value.RateLimit;
        _maxPause = options.Value.Retry.MaxDelay;
        _time = time;
        _logger = logger;
    }

    /// <summary>Waits until the tenant may send <paramref name="requests"/> requests of which <paramref name="writes"/> are writes.</summary>
    public ValueTask<GraphPermit> AcquireAsync(Guid tenantId, int requests, int writes, CancellationToken cancellationToken) =>
        AcquireAsync(tenantId, GraphArea.Intune, requests, writes, cancellationToken);

    /// <summary>Waits until the tenant may send, in the area's budgets, <paramref name="requests"/> requests of which <paramref name="writes"/> are writes.</summary>
    public async ValueTask<GraphPermit> AcquireAsync(Guid tenantId, GraphArea area, int requests, int writes, CancellationToken cancellationToken)
    {
        var budgets = Get(tenantId, area);
        await WaitOutPauseAsync(budgets, cancellationToken);
        var leases = new List<RateLimitLease>(2);
        try
        {
            if (writes > 0)
            {
                leases.Add(await budgets.Writes.AcquireAsync(writes, cancellationToken));
            }

            leases.Add(await budgets.Requests.AcquireAsync(Math.Max(1, requests), cancellationToken));

            // A 429 may have paused the tenant while this request queued for its permits.
            await WaitOutPauseAsync(budgets, cancellationToken);
        }
        catch
        {
            leases.ForEach(l => l.Dispose());
            throw;
        }

        return new GraphPermit(leases, _time.GetTimestamp(), writes > 0, area);
    }

    /// <summary>
    /// Graph answered the request sent with <paramref name="permit"/>: a 429 pauses the tenant for its Retry-After
    /// (capped at Graph:Retry:MaxDelay) and lowers the budget it was counted against; a success lets the rate recover.
    /// </summary>
    public void Observe(Guid tenantId, GraphPermit permit, HttpResponseMessage response)
    {
        var budgets = Get(tenantId, permit.Area);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            var pause = RetryAfter.FromResponse(response, _time.GetUtcNow()) ?? TimeSpan.Zero;
            if (pause > _maxPause)
            {
                pause = _maxPause;
            }

            if (pause > TimeSpan.Zero)
            {
                var until = _time.GetTimestamp() + (long)(pause.TotalSeconds * _time.TimestampFrequency);
                long seen;
                while ((seen = Interlocked.Read(ref budgets.PausedUntil)) < until &&
                       Interlocked.CompareExchange(ref budgets.PausedUntil, until, seen) != seen)
                {
                }
            }

            var budget = permit.IsWrite ? budgets.Writes : budgets.Requests;
            if (budget.Throttled(permit.AcquiredAt) is { } limit)
            {
                GraphLog.TenantThrottled(_logger, tenantId, permit.IsWrite ? "writes" : "requests", pause.TotalMilliseconds, limit);
            }
        }
        else if (response.IsSuccessStatusCode)
        {
            Recovered(tenantId, "requests", budgets.Requests.Succeeded());
            if (permit.IsWrite)
            {
                Recovered(tenantId, "writes", budgets.Writes.Succeeded());
            }
        }
    }

    /// <summary>The tenant's rates in force (permits per window); the configured budgets until Graph throttles it.</summary>
    public (int Requests, int Writes) CurrentLimits(Guid tenantId, GraphArea area = GraphArea.Intune)
    {
        var budgets = Get(tenantId, area);
        return (budgets.Requests.CurrentLimit, budgets.Writes.CurrentLimit);
    }

    private void Recovered(Guid tenantId, string budget, int? limit)
    {
        if (limit is { } l)
        {
            GraphLog.TenantRateRaised(_logger, tenantId, budget, l);
        }
    }

    private TenantBudgets Get(Guid tenantId, GraphArea area) => _tenants.GetOrAdd((tenantId, area), key =>
    {
        var (requests, writes) = key.Area == GraphArea.Identity
            ? (_options.Identity.RequestsPer20Seconds, _options.Identity.WritesPer20Seconds)
            : (_options.RequestsPer20Seconds, _options.WritesPer20Seconds);
        return new TenantBudgets(
            new GraphAdaptiveBudget(requests, _options.Window, TimeSpan.FromSeconds(_options.SafetyMarginSeconds), _time),
            new GraphAdaptiveBudget(writes, _options.Window, TimeSpan.FromSeconds(_options.SafetyMarginSeconds), _time));
    });

    private async ValueTask WaitOutPauseAsync(TenantBudgets budgets, CancellationToken cancellationToken)
    {
        while (true)
        {
            var until = Interlocked.Read(ref budgets.PausedUntil);
            var now = _time.GetTimestamp();
            if (until <= now)
            {
                return;
            }

            await Task.Delay(_time.GetElapsedTime(now, until), _time, cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var budgets in _tenants.Values)
        {
            budgets.Requests.Dispose();
            budgets.Writes.Dispose();
        }

        _tenants.Clear();
    }

    private sealed class TenantBudgets(GraphAdaptiveBudget requests, GraphAdaptiveBudget writes)
    {
        public GraphAdaptiveBudget Requests { get; } = requests;

        public GraphAdaptiveBudget Writes { get; } = writes;

        /// <summary>TimeProvider timestamp until which no request of the tenant is sent.</summary>
        public long PausedUntil;
    }
}
