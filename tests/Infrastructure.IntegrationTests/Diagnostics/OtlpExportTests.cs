using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Infrastructure.Diagnostics;

namespace TenantAtlas.Infrastructure.IntegrationTests.Diagnostics;

/// <summary>Issue 18 item 1: OTLP export is driven by OTEL_EXPORTER_OTLP_ENDPOINT alone.</summary>
public sealed class OtlpExportTests
{
    private static async Task<IHost> StartTelemetryHostAsync(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTelemetry(hostConsumers: false);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static void EmitSpanAndFlush(IHost host)
    {
        using (TenantAtlasTelemetry.Source.StartActivity("otlp export probe"))
        {
        }

        host.Services.GetRequiredService<TracerProvider>().ForceFlush(5000);
    }

    [Test]
    public async Task Spans_are_posted_to_the_configured_endpoint_when_OTEL_EXPORTER_OTLP_ENDPOINT_is_set()
    {
        using var collector = new TcpListener(IPAddress.Loopback, 0);
        collector.Start();
        var port = ((IPEndPoint)collector.LocalEndpoint).Port;
        var received = ReadRequestLineAsync(collector);
        using var host = await StartTelemetryHostAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        EmitSpanAndFlush(host);

        var line = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(line, Does.StartWith("POST /v1/"));
        await host.StopAsync();
    }

    [Test]
    public async Task Nothing_is_sent_to_the_default_otlp_ports_when_OTEL_EXPORTER_OTLP_ENDPOINT_is_unset()
    {
        var listeners = new List<TcpListener>();
        try
        {
            foreach (var port in new[] { 4317, 4318 })
            {
                var listener = new TcpListener(IPAddress.IPv6Any, port);
                listener.Server.DualMode = true;
                try
                {
                    listener.Start();
                }
                catch (SocketException)
                {
                    Assert.Ignore($"Port {port} is in use on this machine; the default OTLP endpoint cannot be watched.");
                }

                listeners.Add(listener);
            }

            using var host = await StartTelemetryHostAsync(new Dictionary<string, string?>());
            EmitSpanAndFlush(host);
            host.Services.GetRequiredService<MeterProvider>().ForceFlush(5000);
            await Task.Delay(500);

            Assert.That(listeners.Select(l => l.Pending()), Is.All.False, "no exporter connected to a default OTLP port");
            await host.StopAsync();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static async Task<string> ReadRequestLineAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        return text.ToString().Split("\r\n")[0];
    }
}
