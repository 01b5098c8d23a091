using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>
/// Issue 10 item 5: Debian's headless Chromium opens the development page /dev/progress of a real
/// Kestrel-hosted Api (consumers hosted in process), which uses EventSource against /api/v1/runs/stream;
/// a run started afterwards must show up in the DOM and reach Succeeded. The DOM is read through the
/// DevTools protocol; every wait is bounded.
/// </summary>
public sealed partial class ProgressPageBrowserTests : ApiTestFixture
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private Uri baseAddress = null!;
    private Process? browser;
    private string? profileDirectory;

    protected override bool ResetDatabaseBeforeEachTest => false;

    /// <summary>A real Kestrel port: the browser loads the page over HTTP.</summary>
    protected override ApiFactory CreateFactory()
    {
        var factory = new ApiFactory(hostConsumers: true).With("RunStream:PollInterval", "00:00:00.200");
        factory.UseKestrel(0);
        factory.StartServer();
        baseAddress = factory.CreateClient().BaseAddress!;
        return factory;
    }

    [TearDown]
    public void StopBrowser()
    {
        if (browser is { HasExited: false })
        {
            browser.Kill(entireProcessTree: true);
            browser.WaitForExit(5000);
        }

        browser?.Dispose();
        browser = null;
        if (profileDirectory is not null)
        {
            try
            {
                Directory.Delete(profileDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Test]
    public async Task The_development_page_is_served_only_as_html_in_development()
    {
        var response = await Factory.CreateClient().GetAsync("/dev/progress");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("new EventSource('/api/v1/runs/stream?access_token="));
    }

    [Test]
    public async Task Headless_chromium_shows_a_run_reaching_succeeded_through_the_event_stream()
    {
        Assert.That(File.Exists(ChromiumPath), Is.True, "chromium is missing: apt-get install -y chromium (tests/run.sh does this)");
        var tenant = await CreateTenantAsync("Contoso browser");
        await AddMemberAsync(tenant.Id, "browser-operator", TenantRole.Operator);
        var token = Factory.Tokens.Create("browser-operator");

        var page = await OpenPageAsync(new Uri(baseAddress, $"/dev/progress?access_token={Uri.EscapeDataString(token)}"));
        using var devTools = page;
        var state = await devTools.WaitForAsync("document.getElementById('connection').dataset.state", v => v == "open", Timeout);
        Assert.That(state, Is.EqualTo("open"), "the page's EventSource did not connect");

        var started = await ClientFor("browser-operator").PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null);
        var run = await started.ReadAsync<RunDto>(HttpStatusCode.Accepted);

        var status = await devTools.WaitForAsync($"(document.getElementById('run-{run.Id}') || {{dataset: {{}}}}).dataset.status || ''", v => v == "Succeeded", Timeout);
        Assert.That(status, Is.EqualTo("Succeeded"), await devTools.EvaluateAsync("document.body.innerText"));
        var row = await devTools.EvaluateAsync($"document.getElementById('run-{run.Id}').innerText");
        Assert.That(row, Does.Contain("diagnostic.ping").And.Contain("Succeeded").And.Contain("100%"));
    }

    /// <summary>Starts headless Chromium on the URL and connects to the page's DevTools endpoint.</summary>
    private async Task<DevToolsPage> OpenPageAsync(Uri url)
    {
        profileDirectory = Path.Combine(Path.GetTempPath(), $"tenantatlas-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(ChromiumPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profileDirectory}", url.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        browser = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var endpoint = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        browser.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && DevToolsListening().Match(line) is { Success: true } m)
            {
                endpoint.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        browser.OutputDataReceived += (_, _) => { };
        browser.BeginErrorReadLine();
        browser.BeginOutputReadLine();

        var port = await endpoint.Task.WaitAsync(Timeout);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync("/json/list"))!.AsArray();
            var target = targets.FirstOrDefault(t => t!["type"]!.GetValue<string>() == "page" && t["url"]!.GetValue<string>().Contains("/dev/progress", StringComparison.Ordinal));
            if (target is not null)
            {
                return await DevToolsPage.ConnectAsync(new Uri(target["webSocketDebuggerUrl"]!.GetValue<string>()));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("chromium opened no page target");
            }

            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex DevToolsListening();

    /// <summary>A minimal DevTools protocol client: Runtime.evaluate over the page's WebSocket.</summary>
    private sealed class DevToolsPage(ClientWebSocket socket) : IDisposable
    {
        private int nextId;

        public static async Task<DevToolsPage> ConnectAsync(Uri endpoint)
        {
            var socket = new ClientWebSocket();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await socket.ConnectAsync(endpoint, cts.Token);
            return new DevToolsPage(socket);
        }

        public async Task<string?> EvaluateAsync(string expression)
        {
            var id = Interlocked.Increment(ref nextId);
            var request = JsonSerializer.Serialize(new { id, method = "Runtime.evaluate", @params = new { expression, returnByValue = true } });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, cts.Token);
            while (true)
            {
                var message = await ReceiveAsync(cts.Token);
                if (message["id"]?.GetValue<int>() == id)
                {
                    return message["result"]?["result"]?["value"]?.ToString();
                }
            }
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

                await Task.Delay(200);
            }
            while (DateTime.UtcNow < deadline);
            return value;
        }

        private async Task<JsonNode> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[64 * 1024];
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

        public void Dispose() => socket.Dispose();
    }
}
