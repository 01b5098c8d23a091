using Microsoft.Extensions.Options;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary><c>default</c> (the top-level Graph:ClientId and its credential) and every name under <c>Graph:Profiles</c>.</summary>
internal sealed class ConfiguredGraphProfiles(IOptions<GraphOptions> options) : IGraphProfiles
{
    public bool IsConfigured(string profile) => options.Value.Registration(profile) is not null;
}
