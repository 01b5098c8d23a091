namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Runs each request through <see cref="GraphRetryPipeline"/>; the request (with buffered content) is re-sent per attempt.</summary>
internal sealed class GraphResilienceHandler(GraphRetryPipeline pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        return await pipeline.ExecuteAsync(request, (r, ct) => base.SendAsync(r, ct), cancellationToken);
    }
}
