using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Takes permits from the tenant's budget before each attempt (beneath the retry layer, so retries count too)
/// and tells the budget how Graph answered, so a 429 pauses the tenant and lowers its rate.
/// A $batch costs one request per inner request, as Graph counts it, in the budget of each inner request's area
/// (Intune, or Entra identity for identity/ routes: <see cref="GraphArea"/>).
/// The attempt's timeout (<c>Graph:Retry:AttemptTimeout</c>) starts once the permits are granted: it bounds how long
/// Graph takes to answer, not how long the tenant's budget makes a request wait (at conditional access's one request a
/// second, a queue of $batch reads waits minutes for its permits, which is pacing, not a hung call).
/// </summary>
internal sealed class GraphRateLimitHandler(GraphTenantRateLimiters limiters, IOptions<GraphOptions> options) : DelegatingHandler
{
    private readonly TimeSpan _attemptTimeout = options.Value.Retry.AttemptTimeout;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tenant = GraphRequestContext.GetTenant(request);
        var demand = await GraphRequestContext.GetDemandAsync(request, cancellationToken);
        var waitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var permits = new List<GraphPermit>(demand.Count);
        try
        {
            foreach (var (area, requests, writes) in demand)
            {
                permits.Add(await limiters.AcquireAsync(tenant.TenantId, area, requests, writes, cancellationToken));
            }

            GraphTelemetry.LimiterWaited(tenant.TenantId, System.Diagnostics.Stopwatch.GetElapsedTime(waitStarted));
            HttpResponseMessage response;
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(_attemptTimeout);
                try
                {
                    response = await base.SendAsync(request, attempt.Token);
                }
                catch (OperationCanceledException ex) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The retry layer retries a timed-out attempt like a lost connection.
                    throw new TimeoutRejectedException($"Graph did not answer within {_attemptTimeout}.", _attemptTimeout, ex);
                }
            }

            foreach (var permit in permits)
            {
                limiters.Observe(tenant.TenantId, permit, response);
            }

            return response;
        }
        finally
        {
            permits.ForEach(p => p.Dispose());
        }
    }
}
