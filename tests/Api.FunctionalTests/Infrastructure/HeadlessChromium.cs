using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TenantAtlas.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Debian's headless Chromium driven through the DevTools protocol over the page's WebSocket: evaluate
/// script, wait for a condition, press keys, resize the viewport and take screenshots. Every wait is bounded.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly Process process;
    private readonly string profileDirectory;
    private readonly ClientWebSocket socket;
    private int nextId;

    private HeadlessChromium(Process process, string profileDirectory, ClientWebSocket socket)
    {
        this.process = process;
        this.profileDirectory = profileDirectory;
        this.socket = socket;
    }

    public static async Task<HeadlessChromium> StartAsync(Uri url, TimeSpan timeout)
    {
        var profile = Path.Combine(Path.GetTempPath(), $"tenantatlas-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(ChromiumPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--window-size=1280,800", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                     $"--user-data-dir={profile}", url.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var endpoint = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && DevToolsListening().Match(line) is { Success: true } m)
            {
                endpoint.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var port = await endpoint.Task.WaitAsync(timeout);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync("/json/list"))!.AsArray();
            var target = targets.FirstOrDefault(t => t!["type"]!.GetValue<string>() == "page");
            if (target is not null)
            {
                var socket = new ClientWebSocket();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await socket.ConnectAsync(new Uri(target["webSocketDebuggerUrl"]!.GetValue<string>()), cts.Token);
                return new HeadlessChromium(process, profile, socket);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("chromium opened no page target");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>One DevTools command; returns its result.</summary>
    public async Task<JsonNode?> SendAsync(string method, object? parameters = null)
    {
        var id = Interlocked.Increment(ref nextId);
        var request = JsonSerializer.Serialize(new { id, method, @params = parameters ?? new { } });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, cts.Token);
        while (true)
        {
            var message = await ReceiveAsync(cts.Token);
            if (message["id"]?.GetValue<int>() == id)
            {
                if (message["error"] is { } error)
                {
                    throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                }

                return message["result"];
            }
        }
    }

    /// <summary>Evaluates the expression (awaiting a promise) and returns its value as a string (JSON for objects).</summary>
    public async Task<string?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result?["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"script failed: {exception["exception"]?["description"] ?? exception.ToJsonString()}\n{expression}");
        }

        var value = result?["result"]?["value"];
        return value is null ? null : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
    }

    /// <summary>Evaluates until the value satisfies the condition or the timeout passes; returns the last value.</summary>
    public async Task<string?> WaitForAsync(string expression, Func<string?, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? value;
        do
        {
            value = await EvaluateAsync(expression);
            if (condition(value))
            {
                return value;
            }

            await Task.Delay(150);
        }
        while (DateTime.UtcNow < deadline);
        return value;
    }

    /// <summary>Waits until the element matching the CSS selector exists; fails with the page text otherwise.</summary>
    public async Task WaitForSelectorAsync(string selector, TimeSpan timeout)
    {
        var found = await WaitForAsync($"String(!!document.querySelector({Js(selector)}))", v => v == "true", timeout);
        if (found != "true")
        {
            Assert.Fail($"'{selector}' did not appear. Page: {await EvaluateAsync("document.getElementById('alerts').innerText + ' | ' + document.body.innerText")}");
        }
    }

    public async Task ClickAsync(string selector, TimeSpan timeout)
    {
        await WaitForSelectorAsync(selector, timeout);
        await EvaluateAsync($"document.querySelector({Js(selector)}).click()");
    }

    /// <summary>Sets location.hash and waits until the router rendered the new page.</summary>
    public async Task GoAsync(string hash, TimeSpan timeout)
    {
        var before = await EvaluateAsync("document.getElementById('main').dataset.ready || ''");
        await EvaluateAsync($"location.hash = {Js(hash)}");
        await WaitForAsync("document.getElementById('main').dataset.ready || ''", v => v != before && !string.IsNullOrEmpty(v), timeout);
    }

    /// <summary>A key press (keyDown + keyUp) as the user's keyboard sends it.</summary>
    public async Task PressAsync(string key, string code, int keyCode)
    {
        await SendAsync("Input.dispatchKeyEvent", new { type = "rawKeyDown", key, code, windowsVirtualKeyCode = keyCode });
        await SendAsync("Input.dispatchKeyEvent", new { type = "keyUp", key, code, windowsVirtualKeyCode = keyCode });
    }

    public Task SetViewportAsync(int width, int height, bool mobile) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile });

    /// <summary>A PNG of the whole page (at most 2400 px tall), written to the path.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var size = JsonNode.Parse((await EvaluateAsync("JSON.stringify([window.innerWidth, Math.max(window.innerHeight, document.documentElement.scrollHeight)])"))!)!.AsArray();
        var clip = new { x = 0, y = 0, width = size[0]!.GetValue<int>(), height = Math.Min(2400, size[1]!.GetValue<int>()), scale = 1 };
        var result = await SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true, clip });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result!["data"]!.GetValue<string>()));
    }

    /// <summary>A JavaScript string literal.</summary>
    public static string Js(string value) => JsonSerializer.Serialize(value);

    private async Task<JsonNode> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[256 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(text.ToArray())!;
    }

    public async ValueTask DisposeAsync()
    {
        socket.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        process.Dispose();
        try
        {
            Directory.Delete(profileDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex DevToolsListening();
}
