using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TenantAtlas.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A Worker as a separate operating-system process (the built TenantAtlas.Worker.dll next to the tests), configured
/// through environment variables, so a test can kill it the way a crash or an OOM kill would: no shutdown hooks run.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> tail = new();

    private WorkerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process wrote (for a failure message).</summary>
    public string Tail
    {
        get
        {
            lock (tail)
            {
                return string.Join(Environment.NewLine, tail);
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings, TimeSpan readyWithin)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TenantAtlas.Worker.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The Worker is not built next to the tests.", dll);
        }

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException("The worker process did not start.");
        var worker = new WorkerProcess(started, new Uri($"http://127.0.0.1:{port}/"));
        started.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        started.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        await worker.WaitUntilReadyAsync(readyWithin);
        return worker;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            tail.Enqueue(line);
            while (tail.Count > 40)
            {
                tail.Dequeue();
            }
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a loaded machine.
            }

            await Task.Delay(200);
        }

        var reason = process.HasExited ? $"exited with {process.ExitCode}" : $"was not ready within {within.TotalSeconds:0} s";
        Kill();
        throw new TimeoutException($"The worker process {reason}:{Environment.NewLine}{Tail}");
    }

    /// <summary>Kills the process at once (SIGKILL): in-flight runs keep their leases until those expire.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
