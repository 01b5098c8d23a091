using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TenantAtlas.Infrastructure.Diagnostics;

/// <summary>Ready when every receive endpoint of the process is connected and consuming, and there is at least one.</summary>
internal sealed class ConsumersHealthCheck(ConsumerReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoints = readiness.Endpoints.ToDictionary(e => e.Key, e => (object)e.Value);
        if (endpoints.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No receive endpoint is connected yet.", data: endpoints));
        }

        var notReady = endpoints.Where(e => (string)e.Value != "Ready").Select(e => e.Key).ToList();
        return Task.FromResult(notReady.Count == 0
            ? HealthCheckResult.Healthy($"{endpoints.Count} receive endpoint(s) consuming.", endpoints)
            : HealthCheckResult.Unhealthy($"Not consuming: {string.Join(", ", notReady)}.", data: endpoints));
    }
}
