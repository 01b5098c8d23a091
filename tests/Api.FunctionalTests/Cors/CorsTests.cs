using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Cors;

/// <summary>Cross-origin access: origins from Cors:AllowedOrigins (the Development profile allows the Vite origins).</summary>
public sealed class CorsTests
{
    private const string AllowedOrigin = "http://localhost:5173";
    private const string ConfiguredOrigin = "https://spa.contoso.example";
    private ApiFactory factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        // Index 10: beside the Development profile's origins, not over them.
        factory = new ApiFactory().With("Cors:AllowedOrigins:10", ConfiguredOrigin);
        _ = factory.Services;
    }

    [OneTimeTearDown]
    public void Stop() => factory.Dispose();

    [SetUp]
    public Task Reset() => factory.ResetDatabaseAsync();

    private static HttpRequestMessage Preflight(string origin, string path, string method = "GET") => new(HttpMethod.Options, path)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", method },
            { "Access-Control-Request-Headers", "authorization,content-type,idempotency-key,if-match" },
        },
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [TestCase(AllowedOrigin)]
    [TestCase("http://127.0.0.1:5173")]
    [TestCase(ConfiguredOrigin)]
    public async Task Preflight_from_an_allowed_origin_answers_204_with_the_cors_headers(string origin)
    {
        var tenant = await TestTenants.CreateAsync(factory);

        var response = await factory.CreateClient().SendAsync(Preflight(origin, $"/api/v1/tenants/{tenant.Id}/backup-sets", "POST"));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(origin));
            Assert.That(Header(response, "Access-Control-Allow-Methods"), Does.Contain("POST"));
            Assert.That(Header(response, "Access-Control-Allow-Headers")?.ToLowerInvariant(), Does.Contain("authorization").And.Contain("idempotency-key").And.Contain("if-match"));
            Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.Null, "credentials are not needed");
        });
    }

    [Test]
    public async Task Preflight_from_another_origin_gets_no_cors_headers()
    {
        var tenant = await TestTenants.CreateAsync(factory);

        var response = await factory.CreateClient().SendAsync(Preflight("https://evil.example", $"/api/v1/tenants/{tenant.Id}/runs"));

        Assert.Multiple(() =>
        {
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
            Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.Null);
            Assert.That(Header(response, "Access-Control-Allow-Headers"), Is.Null);
        });
    }

    [Test]
    public async Task Get_from_an_allowed_origin_exposes_the_operation_headers()
    {
        var tenant = await TestTenants.CreateAsync(factory);
        await TestTenants.AddMemberAsync(factory, tenant.Id, "op", TenantRole.Operator);
        var client = factory.CreateClientFor("op");
        client.DefaultRequestHeaders.Add("Origin", AllowedOrigin);

        var response = await client.GetAsync($"/api/v1/tenants/{tenant.Id}");
        var exposed = Header(response, "Access-Control-Expose-Headers")?.Split(',').Select(h => h.Trim()).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(AllowedOrigin));
            Assert.That(exposed, Is.SupersetOf(new[] { "Location", "Operation-Location", "Retry-After", "ETag", "Idempotent-Replayed" }));
        });
    }

    [Test]
    public async Task Get_from_another_origin_gets_no_cors_headers()
    {
        var tenant = await TestTenants.CreateAsync(factory);
        await TestTenants.AddMemberAsync(factory, tenant.Id, "op", TenantRole.Operator);
        var client = factory.CreateClientFor("op");
        client.DefaultRequestHeaders.Add("Origin", "https://evil.example");

        var response = await client.GetAsync($"/api/v1/tenants/{tenant.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
            Assert.That(Header(response, "Access-Control-Expose-Headers"), Is.Null);
        });
    }

    [Test]
    public async Task Event_stream_from_an_allowed_origin_works_with_the_query_token()
    {
        var tenant = await TestTenants.CreateAsync(factory);
        await TestTenants.AddMemberAsync(factory, tenant.Id, "reader", TenantRole.Reader);
        var token = factory.Tokens.Create("reader");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/runs/stream?access_token={Uri.EscapeDataString(token)}")
        {
            Headers = { { "Origin", AllowedOrigin }, { "Accept", "text/event-stream" } },
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await factory.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(AllowedOrigin));
        });
    }
}
