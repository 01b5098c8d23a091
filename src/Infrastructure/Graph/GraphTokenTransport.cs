using Azure.Core.Pipeline;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// The HTTP transport Azure.Identity uses to reach the token authority: Azure.Core's default (null) in every host.
/// Internal so only tests replace it, to trust the certificate of a local token authority.
/// </summary>
internal sealed class GraphTokenTransport(HttpPipelineTransport? transport = null)
{
    public HttpPipelineTransport? Transport { get; } = transport;
}
