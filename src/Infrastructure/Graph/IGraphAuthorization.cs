using System.Net.Http.Headers;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>The Authorization header for a tenant's Graph requests.</summary>
internal interface IGraphAuthorization
{
    ValueTask<AuthenticationHeaderValue> GetHeaderAsync(GraphTenant tenant, CancellationToken cancellationToken);
}
