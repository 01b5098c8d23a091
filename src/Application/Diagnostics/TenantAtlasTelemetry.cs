using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TenantAtlas.Application.Diagnostics;

/// <summary>
/// The one ActivitySource and the one Meter of the product, both named <see cref="Name"/>. Hosts subscribe to
/// that name (OpenTelemetry's AddSource/AddMeter); every span and instrument of ours hangs off these two.
/// </summary>
public static class TenantAtlasTelemetry
{
    public const string Name = "TenantAtlas";

    public static readonly ActivitySource Source = new(Name, typeof(TenantAtlasTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(TenantAtlasTelemetry).Assembly.GetName().Version?.ToString());
}
