namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Takes permits from the tenant's budget before each attempt (beneath the retry layer, so retries count too)
/// and tells the budget how Graph answered, so a 429 pauses the tenant and lowers its rate.
/// A $batch costs one request per inner request, as Graph counts it, in the budget of each inner request's area
/// (Intune, or Entra identity for identity/ routes: <see cref="GraphArea"/>).
/// </summary>
internal sealed class GraphRateLimitHandler(GraphTenantRateLimiters limiters) : DelegatingHandler
{
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
            var response = await base.SendAsync(request, cancellationToken);
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
