using Microsoft.Extensions.Options;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Optional Graph features from configuration: per Graph profile, else the global <c>Graph:{Feature}</c> setting.</summary>
internal sealed class ConfiguredGraphFeatures(IOptions<GraphOptions> options) : IGraphFeatures
{
    public bool IsEnabled(GraphTenant tenant, string feature)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return feature switch
        {
            GraphFeatures.ConditionalAccess => options.Value.ConditionalAccessEnabled(tenant.GraphProfile),
            _ => false,
        };
    }
}
