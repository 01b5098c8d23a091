using System.Diagnostics;
using System.Diagnostics.Metrics;
using TenantAtlas.Application.Diagnostics;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Graph instruments on the TenantAtlas meter; the tenant attribute is bounded by <see cref="TenantMetricTag"/>.</summary>
public static class GraphTelemetry
{
    public const string RequestsName = "tenantatlas.graph.requests";
    public const string ThrottledName = "tenantatlas.graph.throttled";
    public const string LimiterWaitName = "tenantatlas.graph.limiter.wait";

    private static readonly double[] WaitBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40];

    private static readonly Counter<long> Requests = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        RequestsName, "{request}", "Graph requests sent (every attempt, after the rate limiter), by tenant, method and HTTP status code (0: no answer).");

    private static readonly Counter<long> Throttled = TenantAtlasTelemetry.Meter.CreateCounter<long>(
        ThrottledName, "{request}", "Graph answers 429 Too Many Requests, by tenant.");

    private static readonly Histogram<double> LimiterWait = TenantAtlasTelemetry.Meter.CreateHistogram(
        LimiterWaitName, "s", "Time a Graph request waited for the tenant's client-side rate limiter, by tenant.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });

    internal static void RequestAnswered(Guid tenantId, HttpMethod method, int statusCode)
    {
        var tenant = TenantMetricTag.For(tenantId);
        Requests.Add(1, new TagList
        {
            { TelemetryTags.TenantId, tenant },
            { TelemetryTags.HttpMethod, method.Method },
            { TelemetryTags.HttpStatusCode, statusCode },
        });
        if (statusCode == 429)
        {
            Throttled.Add(1, new KeyValuePair<string, object?>(TelemetryTags.TenantId, tenant));
        }
    }

    internal static void LimiterWaited(Guid tenantId, TimeSpan waited) =>
        LimiterWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.TenantId, TenantMetricTag.For(tenantId)));

    /// <summary>Adds tenant, run, operation and item key to the HTTP client span of a Graph request (ids only).</summary>
    internal static void Enrich(Activity activity, HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(GraphRequestContext.Tenant, out var tenant))
        {
            return;
        }

        activity.SetTag(TelemetryTags.TenantId, tenant.TenantId.ToString());
        if (RunTelemetry.Current is { } run)
        {
            activity.SetTag(TelemetryTags.RunId, run.RunId.ToString());
            activity.SetTag(TelemetryTags.Operation, run.Operation);
            if (run.ItemKey is not null)
            {
                activity.SetTag(TelemetryTags.ItemKey, run.ItemKey);
            }
        }
    }
}
