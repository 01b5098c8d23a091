using MassTransit;
using MassTransit.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.Diagnostics;

public static class TelemetryRegistration
{
    public const string ReadyTag = "ready";

    /// <summary>The standard variable that turns the OTLP exporter on (traces, metrics and logs); unset: nothing is exported.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Traces (ASP.NET Core, HttpClient, EF Core, MassTransit and the TenantAtlas source), metrics (the TenantAtlas
    /// and MassTransit meters plus ASP.NET Core and HttpClient), OTLP export when <see cref="OtlpEndpointVariable"/>
    /// is set, the Prometheus exporter when Metrics:Prometheus is on, JSON console logs in Production, and the
    /// "consumers" readiness check where the host consumes run messages.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder, bool hostConsumers)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var metrics = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        TenantMetricTag.Configure(metrics.MaxTenantSeries);

        // Trace and span ids in every log scope, so a log line leads to its trace.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (builder.Environment.IsProduction())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured
            ? configured
            : builder.Environment.ApplicationName;
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(TenantAtlasTelemetry.Name)
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddAspNetCoreInstrumentation(o => o.Filter = IsTraced)
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = GraphTelemetry.Enrich)
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(meters =>
            {
                meters.AddMeter(TenantAtlasTelemetry.Name)
                    .AddMeter(MassTransit.Monitoring.InstrumentationOptions.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (metrics.Prometheus)
                {
                    meters.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            otel.WithLogging().UseOtlpExporter();
        }

        if (hostConsumers)
        {
            services.AddSingleton<ConsumerReadiness>();
            services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<ConsumerReadiness>());
            services.AddConsumeObserver<RunConsumeObserver>();
            services.AddHealthChecks().AddCheck<ConsumersHealthCheck>("consumers", tags: [ReadyTag]);
        }

        return builder;
    }

    // Probes and scrapes would drown the traces that matter.
    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics");
}
