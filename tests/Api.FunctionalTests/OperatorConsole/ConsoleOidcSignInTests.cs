using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.OperatorConsole;

/// <summary>
/// Issue 21: the console's authorization-code + PKCE sign-in, end to end in headless Chromium against a fake
/// authority hosted by the test (discovery, authorize, token). The fake checks what a real authority checks:
/// response_type=code, S256, the redirect URI, and that SHA-256 of the verifier sent to the token endpoint is the
/// challenge sent to authorize; it then issues a development token, which the Api accepts like any bearer token.
/// A real authority (Entra ID) is not reachable here; its token validation is the Api's JWT bearer scheme.
/// </summary>
public sealed class ConsoleOidcSignInTests : ApiTestFixture
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> codes = new();
    private readonly List<string> log = [];
    private WebApplication authority = null!;
    private Uri authorityAddress = null!;
    private Uri baseAddress = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override ApiFactory CreateFactory()
    {
        authority = StartAuthority();
        var factory = new ApiFactory()
            .With("Console:Authority", authorityAddress.ToString())
            .With("Console:ClientId", "console-spa")
            .With("Console:Scope", "openid api://tenantatlas/.default");
        factory.UseKestrel(0);
        factory.StartServer();
        baseAddress = factory.CreateClient().BaseAddress!;
        return factory;
    }

    [OneTimeTearDown]
    public async Task StopAuthorityAsync() => await authority.DisposeAsync();

    [Test]
    public async Task Sign_in_runs_the_authorization_code_flow_with_pkce_and_the_api_accepts_the_token()
    {
        var tenant = await CreateTenantAsync("Northwind oidc", ("olga", TenantRole.Owner));
        await using var page = await HeadlessChromium.StartAsync(new Uri(baseAddress, "/app/"), Timeout);

        await page.ClickAsync("#oidc-sign-in", Timeout);
        await page.WaitForSelectorAsync($"#tenant-{tenant.Id}", Timeout);

        Assert.That(log, Is.EqualTo(new[] { "discovery", "authorize", "discovery", "token" }).Or.EqualTo(new[] { "discovery", "authorize", "token" }));
        Assert.That(await page.EvaluateAsync("location.search"), Is.Empty, "the code and state are removed from the address bar");
        Assert.That(await page.EvaluateAsync("String(sessionStorage.getItem('tenantatlas.oidc.pending'))"), Is.EqualTo("null"), "the verifier is discarded");
        Assert.That(await page.EvaluateAsync("document.getElementById('unread-count').isConnected && document.getElementById('stream-state').innerText"), Does.StartWith("Live:"));
    }

    private WebApplication StartAuthority()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        // The console's origin fetches discovery and the token endpoint: a SPA-capable authority answers CORS.
        app.Use(async (http, next) =>
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            await next(http);
        });
        app.MapGet("/.well-known/openid-configuration", (HttpContext http) =>
        {
            lock (log) { log.Add("discovery"); }
            var issuer = $"{http.Request.Scheme}://{http.Request.Host}";
            return Results.Json(new { issuer, authorization_endpoint = $"{issuer}/authorize", token_endpoint = $"{issuer}/token" });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            lock (log) { log.Add("authorize"); }
            var q = request.Query;
            if (q["response_type"] != "code" || q["client_id"] != "console-spa" || q["code_challenge_method"] != "S256"
                || q["scope"] != "openid api://tenantatlas/.default" || string.IsNullOrEmpty(q["nonce"]) || q["redirect_uri"] != new Uri(baseAddress, "/app/").ToString())
            {
                return Results.BadRequest("invalid_request");
            }

            var code = Guid.NewGuid().ToString("N");
            codes[code] = (q["code_challenge"].ToString(), q["redirect_uri"].ToString());
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            lock (log) { log.Add("token"); }
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || form["client_id"] != "console-spa" || !codes.TryRemove(form["code"].ToString(), out var issued))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (challenge != issued.Challenge || form["redirect_uri"] != issued.RedirectUri)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
            }

            return Results.Json(new { access_token = Factory.Tokens.Create("olga"), token_type = "Bearer", expires_in = 3600 });
        });
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        authorityAddress = new Uri(address);
        return app;
    }
}
