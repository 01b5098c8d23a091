using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

public static class GraphRegistration
{
    /// <summary>Name of the gateway's HttpClient; a host may swap its primary handler (e.g. an in-process emulator).</summary>
    public const string HttpClientName = "TenantAtlas.Graph";

    /// <summary>
    /// The Graph gateway: <see cref="GraphOptions"/> from section "Graph" (validated at start), the per-tenant
    /// limiter, the handler chain (read-only guard, the one retry layer, rate limiter, auth, the Graph SDK's
    /// middleware without its RetryHandler) and the singleton <see cref="IGraphReader"/> and <see cref="IGraphWriter"/>.
    /// Uses the <see cref="TimeProvider"/> registered in DI (TimeProvider.System when none is).
    /// </summary>
    public static IHostApplicationBuilder AddGraphGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>();
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section).ValidateOnStart();

        services.AddSingleton<GraphTenantRateLimiters>();
        services.AddSingleton<GraphRetryPipeline>();
        services.AddSingleton<EmulatorGraphAuthorization>();
        services.AddSingleton<IGraphProfiles, ConfiguredGraphProfiles>();
        services.AddSingleton<IGraphFeatures, ConfiguredGraphFeatures>();
        services.TryAddSingleton(new GraphTokenTransport());
        services.AddSingleton<AzureIdentityGraphAuthorization>();
        services.AddSingleton<IGraphAuthorization>(sp => sp.GetRequiredService<IOptions<GraphOptions>>().Value.Auth switch
        {
            GraphAuthMode.Emulator => sp.GetRequiredService<EmulatorGraphAuthorization>(),
            GraphAuthMode.ClientSecret or GraphAuthMode.Certificate => sp.GetRequiredService<AzureIdentityGraphAuthorization>(),
            _ => throw new OptionsValidationException(GraphOptions.Section, typeof(GraphOptions),
                ["Graph:Auth is required: ClientSecret, Certificate or Emulator."]),
        });

        services.AddTransient<ReadOnlyGuardHandler>();
        services.AddTransient<GraphResilienceHandler>();
        services.AddTransient<GraphRateLimitHandler>();
        services.AddTransient<GraphAuthorizationHandler>();
        services.AddTransient<GraphMetricsHandler>();

        // Outermost first: the guard refuses writes before anything else runs; each retry attempt takes a
        // rate-limit permit, is counted by status code (metrics) and gets a (possibly refreshed) token; the SDK's own middleware sits closest to the wire.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<ReadOnlyGuardHandler>()
            .AddHttpMessageHandler<GraphResilienceHandler>()
            .AddHttpMessageHandler<GraphRateLimitHandler>()
            .AddHttpMessageHandler<GraphMetricsHandler>()
            .AddHttpMessageHandler<GraphAuthorizationHandler>()
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                foreach (var handler in SdkHandlers())
                {
                    handlers.Add(handler);
                }
            });

        services.AddSingleton<GraphRequestSender>();
        services.AddSingleton<IGraphReader, GraphReader>();
        services.AddSingleton<IGraphWriter, GraphWriter>();
        services.AddSingleton<GraphReferenceObjects>();
        services.AddSingleton<IGraphReferenceReader>(sp => sp.GetRequiredService<GraphReferenceObjects>());
        services.AddSingleton<IGraphReferenceWriter>(sp => sp.GetRequiredService<GraphReferenceObjects>());
        return builder;
    }

    /// <summary>The Graph SDK's default middleware minus its RetryHandler: exactly one retry layer (ours).</summary>
    internal static IEnumerable<DelegatingHandler> SdkHandlers() =>
        GraphClientFactory.CreateDefaultHandlers(new GraphClientOptions()).Where(h => h is not RetryHandler);
}
