using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>
/// Issue 10 item 5: Debian's headless Chromium opens the development page /dev/progress of a real
/// Kestrel-hosted Api (consumers hosted in process), which uses EventSource against /api/v1/runs/stream;
/// a run started afterwards must show up in the DOM and reach Succeeded. The DOM is read through the
/// DevTools protocol (<see cref="HeadlessChromium"/>, shared with the console tests); every wait is bounded.
/// </summary>
public sealed class ProgressPageBrowserTests : ApiTestFixture
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private Uri baseAddress = null!;

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
        Assert.That(File.Exists(HeadlessChromium.ChromiumPath), Is.True, "chromium is missing: apt-get install -y chromium (tests/run.sh does this)");
        var tenant = await CreateTenantAsync("Contoso browser");
        await AddMemberAsync(tenant.Id, "browser-operator", TenantRole.Operator);
        var token = Factory.Tokens.Create("browser-operator");

        await using var devTools = await HeadlessChromium.StartAsync(new Uri(baseAddress, $"/dev/progress?access_token={Uri.EscapeDataString(token)}"), Timeout);
        var state = await devTools.WaitForAsync("(document.getElementById('connection') || {dataset: {}}).dataset.state || ''", v => v == "open", Timeout);
        Assert.That(state, Is.EqualTo("open"), "the page's EventSource did not connect");

        var started = await ClientFor("browser-operator").PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null);
        var run = await started.ReadAsync<RunDto>(HttpStatusCode.Accepted);

        var status = await devTools.WaitForAsync($"(document.getElementById('run-{run.Id}') || {{dataset: {{}}}}).dataset.status || ''", v => v == "Succeeded", Timeout);
        Assert.That(status, Is.EqualTo("Succeeded"), await devTools.EvaluateAsync("document.body.innerText"));
        var row = await devTools.EvaluateAsync($"document.getElementById('run-{run.Id}').innerText");
        Assert.That(row, Does.Contain("diagnostic.ping").And.Contain("Succeeded").And.Contain("100%"));
    }
}
