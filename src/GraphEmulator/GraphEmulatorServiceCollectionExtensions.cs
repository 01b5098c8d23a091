using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TenantAtlas.GraphEmulator;

public static class GraphEmulatorServiceCollectionExtensions
{
    /// <summary>Registers the singleton <see cref="GraphEmulatorState"/>, using a registered TimeProvider when there is one.</summary>
    public static IServiceCollection AddGraphEmulator(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new GraphEmulatorState(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
