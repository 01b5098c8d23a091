namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Takes permits from the tenant's budget before each attempt (beneath the retry layer, so retries count too)
/// and tells the budget how Graph answered, so a 429 pauses the tenant and lowers its rate.
/// A $batch costs one request per inner request, as Graph counts it.
/// </summary>
internal sealed class GraphRateLimitHandler(GraphTenantRateLimiters limiters) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tenant = GraphRequestContext.GetTenant(request);
        int requests, writes;
        if (GraphRequestContext.IsBatch(request) && await GraphRequestContext.GetBatchMethodsAsync(request, cancellationToken) is { } methods)
        {
            requests = Math.Max(1, methods.Count);
            writes = methods.Count(m => m != "GET");
        }
        else
        {
            requests = 1;
            writes = request.Method == HttpMethod.Get ? 0 : 1;
        }

        var waitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        using var permit = await limiters.AcquireAsync(tenant.TenantId, requests, writes, cancellationToken);
        GraphTelemetry.LimiterWaited(tenant.TenantId, System.Diagnostics.Stopwatch.GetElapsedTime(waitStarted));
        var response = await base.SendAsync(request, cancellationToken);
        limiters.Observe(tenant.TenantId, permit, response);
        return response;
    }
}
