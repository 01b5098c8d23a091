using TenantAtlas.Application.Security;

namespace TenantAtlas.Worker;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ICurrentActor, SystemActor>();
        return builder;
    }
}
