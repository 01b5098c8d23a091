namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Counts every Graph attempt that leaves the process (beneath the retry layer and the rate limiter) by its
/// HTTP status code, and 429s separately. A request that got no answer counts with status 0.
/// </summary>
internal sealed class GraphMetricsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tenant = GraphRequestContext.GetTenant(request);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            GraphTelemetry.RequestAnswered(tenant.TenantId, request.Method, 0);
            throw;
        }

        GraphTelemetry.RequestAnswered(tenant.TenantId, request.Method, (int)response.StatusCode);
        return response;
    }
}
