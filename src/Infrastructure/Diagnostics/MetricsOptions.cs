using System.ComponentModel.DataAnnotations;
using TenantAtlas.Application.Diagnostics;

namespace TenantAtlas.Infrastructure.Diagnostics;

/// <summary>Section "Metrics": the Prometheus scrape endpoint and the bound on per-tenant series.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Serve a Prometheus scrape endpoint at <see cref="PrometheusPath"/> (off by default; OTLP needs no endpoint).</summary>
    public bool Prometheus { get; set; }

    [Required, RegularExpression("^/[A-Za-z0-9/_-]*$", ErrorMessage = "Metrics:PrometheusPath must be an absolute path such as /metrics.")]
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>Distinct tenant ids per metric before further tenants are reported as "other".</summary>
    [Range(0, 100_000)]
    public int MaxTenantSeries { get; set; } = TenantMetricTag.DefaultLimit;
}
