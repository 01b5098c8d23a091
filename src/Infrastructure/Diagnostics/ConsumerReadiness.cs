using System.Collections.Concurrent;
using MassTransit;

namespace TenantAtlas.Infrastructure.Diagnostics;

/// <summary>
/// Tracks the state of this process's receive endpoints (ready = connected to the broker and consuming),
/// for the "consumers" readiness check of hosts that consume run messages.
/// </summary>
internal sealed class ConsumerReadiness : IReceiveEndpointObserver
{
    private readonly ConcurrentDictionary<string, string> endpoints = new();

    /// <summary>Endpoint name (queue) to its last known state: Ready, Stopping, Completed or Faulted.</summary>
    public IReadOnlyDictionary<string, string> Endpoints => endpoints;

    public Task Ready(ReceiveEndpointReady ready) => Set(ready.InputAddress, "Ready");

    public Task Stopping(ReceiveEndpointStopping stopping) => Set(stopping.InputAddress, "Stopping");

    public Task Completed(ReceiveEndpointCompleted completed) => Set(completed.InputAddress, "Completed");

    public Task Faulted(ReceiveEndpointFaulted faulted) => Set(faulted.InputAddress, "Faulted");

    private Task Set(Uri inputAddress, string state)
    {
        // The last path segment is the queue name; the host part may carry credentials-free broker names only.
        var name = inputAddress.Segments.LastOrDefault()?.Trim('/') is { Length: > 0 } segment ? segment : inputAddress.AbsolutePath;
        endpoints[name] = state;
        return Task.CompletedTask;
    }
}
