namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Sets the tenant's Authorization header on each attempt (tokens may be refreshed between retries).</summary>
internal sealed class GraphAuthorizationHandler(IGraphAuthorization authorization) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tenant = GraphRequestContext.GetTenant(request);
        request.Headers.Authorization = await authorization.GetHeaderAsync(tenant, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
