using System.Net;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;

namespace TenantAtlas.Api.FunctionalTests.OperatorConsole;

/// <summary>Issue 21: how the Api serves the console: where, when (Api:Console), with which headers and sign-in configuration.</summary>
public sealed class ConsoleHostingTests : ApiTestFixture
{
    protected override bool ResetDatabaseBeforeEachTest => false;

    [Test]
    public async Task The_console_is_served_at_app_with_a_strict_content_security_policy()
    {
        using var client = Factory.CreateClient(new() { AllowAutoRedirect = false });

        var root = await client.GetAsync("/");
        Assert.That((root.StatusCode, root.Headers.Location?.ToString()), Is.EqualTo((HttpStatusCode.Redirect, "/app/")));
        var page = await client.GetAsync("/app/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<script type=\"module\" src=\"/app/js/app.js\">"));
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("style-src 'self'").And.Contain("connect-src 'self';").And.Contain("frame-ancestors 'none'"));
        Assert.That(page.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));

        var script = await client.GetAsync("/app/js/lists.js");
        Assert.That((script.StatusCode, script.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "text/javascript")));
        Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("export function readList"));
        var style = await client.GetAsync("/app/app.css");
        Assert.That((style.StatusCode, style.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "text/css")));

        var missing = await client.GetAsync("/app/js/nope.js");
        Assert.That((await missing.ReadProblemAsync(HttpStatusCode.NotFound))["code"]?.GetValue<string>(), Is.EqualTo("not_found"));
        var traversal = await client.GetAsync("/app/..%2FTenantAtlas.Api.dll");
        Assert.That(traversal.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var config = JsonNode.Parse(await client.GetStringAsync("/app/config.json"))!;
        Assert.That(config.ToJsonString(), Is.EqualTo("{\"oidc\":null,\"pastedToken\":true}"), "Development: pasted token, no OIDC configured");
    }

    [Test]
    public async Task With_an_authority_and_client_id_the_console_offers_oidc_and_may_reach_the_authority()
    {
        var factory = Own(new ApiFactory()
            .With("Console:Authority", "https://login.example.com/contoso/v2.0/")
            .With("Console:ClientId", "console-spa")
            .With("Console:Scope", "openid api://tenantatlas/.default")
            .With("Console:AllowPastedToken", "false"));
        using var client = factory.CreateClient();

        var config = JsonNode.Parse(await client.GetStringAsync("/app/config.json"))!;
        Assert.That(config.ToJsonString(), Is.EqualTo(
            "{\"oidc\":{\"authority\":\"https://login.example.com/contoso/v2.0\",\"clientId\":\"console-spa\",\"scope\":\"openid api://tenantatlas/.default\"},\"pastedToken\":false}"));
        var page = await client.GetAsync("/app/");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("connect-src 'self' https://login.example.com;").And.Contain("form-action 'self' https://login.example.com;"));
    }

    [Test]
    public async Task With_api_console_false_nothing_is_served()
    {
        var factory = Own(new ApiFactory().With("Api:Console", "false"));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        Assert.That((await client.GetAsync("/app/")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/app/config.json")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Outside_development_the_console_is_off_unless_api_console_is_set()
    {
        var production = Own(new ApiFactory().With("environment", "Production"));
        using var off = production.CreateClient();
        Assert.That((await off.GetAsync("/app/")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var enabled = Own(new ApiFactory().With("environment", "Production").With("Api:Console", "true"));
        using var on = enabled.CreateClient();
        Assert.That((await on.GetAsync("/app/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var config = JsonNode.Parse(await on.GetStringAsync("/app/config.json"))!;
        Assert.That(config["pastedToken"]!.GetValue<bool>(), Is.False, "no pasted tokens outside Development unless Console:AllowPastedToken");
    }
}
