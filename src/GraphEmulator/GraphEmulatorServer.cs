using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TenantAtlas.GraphEmulator;

/// <summary>The emulator on its own in-process Kestrel, for tests, end-to-end runs and benchmarks.</summary>
public sealed class GraphEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GraphEmulatorServer(WebApplication app, Uri baseAddress, GraphEmulatorState state)
    {
        _app = app;
        BaseAddress = baseAddress;
        State = state;
    }

    /// <summary>Root of the emulator with trailing slash, e.g. http://127.0.0.1:54321/; Graph lives under beta/ and v1.0/.</summary>
    public Uri BaseAddress { get; }

    public GraphEmulatorState State { get; }

    public static Task<GraphEmulatorServer> StartAsync(string url = "http://127.0.0.1:0") =>
        StartAsync(new GraphEmulatorState(), url);

    /// <summary>Starts with a given state, e.g. one built with a fake TimeProvider.</summary>
    public static async Task<GraphEmulatorServer> StartAsync(GraphEmulatorState state, string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(GraphEmulatorServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(url);
        // The benchmark pushes thousands of requests; per-request logging would dominate the cost.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.Services.AddGraphEmulator();

        var app = builder.Build();
        app.MapGraphEmulator();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GraphEmulatorServer(app, new Uri(address.TrimEnd('/') + "/"), state);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
