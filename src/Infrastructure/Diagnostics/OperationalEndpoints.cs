using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TenantAtlas.Infrastructure.Diagnostics;

public static class OperationalEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>
    /// What both hosts serve for operators, anonymously: liveness (no checks: the process answers), readiness
    /// (every check tagged "ready": database, bus, and consumers where the host consumes) as JSON, and the
    /// Prometheus scrape endpoint when Metrics:Prometheus is on.
    /// </summary>
    public static IEndpointRouteBuilder MapOperationalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(TelemetryRegistration.ReadyTag),
            ResponseWriter = HealthReportJson.WriteAsync,
        }).AllowAnonymous();

        var metrics = endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.Prometheus)
        {
            endpoints.MapPrometheusScrapingEndpoint(metrics.PrometheusPath).AllowAnonymous();
        }

        return endpoints;
    }
}
