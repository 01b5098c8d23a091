using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TenantAtlas.Application.Graph;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

/// <summary>
/// Real token acquisition (issue 14, item 9): Azure.Identity's ClientSecret and Certificate credentials against a
/// local token authority over HTTPS, through the whole gateway (a Graph read carries the tenant's token).
/// </summary>
public class AzureIdentityGraphAuthorizationTests
{
    private const string Secret = "Sup3r~S3cret.value-that-must-never-leak";
    private const string DefaultClientId = "11111111-aaaa-4bbb-8ccc-000000000001";

    private readonly List<IHost> _hosts = [];
    private LocalTokenAuthority _authority = null!;
    private string _directory = null!;

    private static PolicyTypeDefinition DeviceConfiguration => PolicyTypes.Get(PolicyTypes.DeviceConfiguration);

    [OneTimeSetUp]
    public async Task StartAuthority()
    {
        _authority = await LocalTokenAuthority.StartAsync();
        _directory = Directory.CreateTempSubdirectory("tenantatlas-auth-").FullName;
    }

    [OneTimeTearDown]
    public async Task StopAuthority()
    {
        await _authority.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [SetUp]
    public void ResetAuthority() => _authority.Reset();

    [TearDown]
    public async Task StopHosts()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        _hosts.Clear();
    }

    private async Task<IGraphReader> StartReaderAsync(string auth, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["Graph:Auth"] = auth,
            ["Graph:BaseUrl"] = _authority.BaseAddress.ToString(),
            ["Graph:AuthorityHost"] = _authority.BaseAddress.ToString(),
            ["Graph:ClientId"] = DefaultClientId,
            ["Graph:Retry:MaxRetryAttempts"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddGraphGateway();
        // The only test seam: both HTTP clients trust the local authority's certificate (and nothing else).
        builder.Services.AddSingleton(new GraphTokenTransport(new HttpClientTransport(_authority.CreateTrustingHandler())));
        builder.Services.AddHttpClient(GraphRegistration.HttpClientName).ConfigurePrimaryHttpMessageHandler(_authority.CreateTrustingHandler);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host.Services.GetRequiredService<IGraphReader>();
    }

    private Task<IGraphReader> StartClientSecretReaderAsync(IDictionary<string, string?>? settings = null) =>
        StartReaderAsync("ClientSecret", new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Graph:ClientSecret"] = Secret });

    private static GraphTenant NewTenant(string profile = GraphOptions.DefaultProfile) => new(Guid.NewGuid(), Guid.NewGuid(), profile);

    private static string TokenPath(GraphTenant tenant) => $"/{tenant.EntraTenantId:D}/oauth2/v2.0/token";

    [Test]
    public async Task Client_secret_tokens_are_requested_from_each_tenants_own_authority_and_cached_per_tenant()
    {
        var reader = await StartClientSecretReaderAsync();
        var contoso = NewTenant();
        var fabrikam = NewTenant();

        await reader.GetPolicyAsync(contoso, DeviceConfiguration, "p1", CancellationToken.None);
        await reader.GetPolicyAsync(contoso, DeviceConfiguration, "p2", CancellationToken.None);
        await reader.GetPolicyAsync(fabrikam, DeviceConfiguration, "p3", CancellationToken.None);
        await reader.GetPolicyAsync(contoso, DeviceConfiguration, "p4", CancellationToken.None);

        var requests = _authority.TokenRequests.ToList();
        Assert.That(requests.Select(r => r.Tenant), Is.EqualTo(new[] { contoso.EntraTenantId.ToString("D"), fabrikam.EntraTenantId.ToString("D") }),
            "one token per tenant; later calls are answered from the cache");
        Assert.That(_authority.Paths.Where(p => p.EndsWith("/token", StringComparison.Ordinal)), Is.EqualTo(new[] { TokenPath(contoso), TokenPath(fabrikam) }));
        Assert.That(requests.Select(r => (r.ClientId, r.ClientSecret, r.GrantType, r.Scope)),
            Is.All.EqualTo((DefaultClientId, Secret, "client_credentials", "https://graph.microsoft.com/.default")));
        var calls = _authority.GraphCalls.ToList();
        Assert.That(calls.Select(c => (c.Tenant, c.Path.Split('/').Last())), Is.EqualTo(new[]
        {
            (contoso.EntraTenantId.ToString("D"), "p1"), (contoso.EntraTenantId.ToString("D"), "p2"),
            (fabrikam.EntraTenantId.ToString("D"), "p3"), (contoso.EntraTenantId.ToString("D"), "p4"),
        }), "each Graph request carries the token issued for its own tenant");
        Assert.That(_authority.Paths, Has.None.Contains("discovery/instance"), "instance discovery is off");
    }

    [Test]
    public async Task Certificate_mode_signs_a_client_assertion_for_the_tenants_token_endpoint_with_the_configured_certificate()
    {
        using var appCertificate = LocalTokenAuthority.CreateCertificate("CN=TenantAtlas test app", serverAuth: false);
        var path = Path.Combine(_directory, "app.pfx");
        await File.WriteAllBytesAsync(path, appCertificate.Export(X509ContentType.Pfx, "pfx-password"));
        var reader = await StartReaderAsync("Certificate", new Dictionary<string, string?>
        {
            ["Graph:CertificatePath"] = path,
            ["Graph:CertificatePassword"] = "pfx-password",
        });
        var tenant = NewTenant();

        var policy = await reader.GetPolicyAsync(tenant, DeviceConfiguration, "p1", CancellationToken.None);
        await reader.GetPolicyAsync(tenant, DeviceConfiguration, "p2", CancellationToken.None);

        Assert.That(policy, Is.Not.Null);
        var request = _authority.TokenRequests.Single();
        Assert.That(request.Tenant, Is.EqualTo(tenant.EntraTenantId.ToString("D")));
        Assert.That(request.ClientSecret, Is.Null);
        Assert.That(request.ClientAssertionType, Is.EqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
        var parts = request.ClientAssertion!.Split('.');
        var header = JsonNode.Parse(Base64Url(parts[0]))!;
        var claims = JsonNode.Parse(Base64Url(parts[1]))!;
        var padding = header["alg"]!.GetValue<string>() == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        using var publicKey = appCertificate.GetRSAPublicKey()!;
        Assert.That(publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, padding),
            Is.True, "signed with the configured certificate's key");
        Assert.That(claims["iss"]!.GetValue<string>(), Is.EqualTo(DefaultClientId));
        Assert.That(claims["sub"]!.GetValue<string>(), Is.EqualTo(DefaultClientId));
        Assert.That(claims["aud"]!.GetValue<string>(), Is.EqualTo($"{_authority.BaseAddress}{tenant.EntraTenantId:D}/oauth2/v2.0/token"));
        Assert.That(_authority.GraphCalls.Select(c => (c.Tenant, c.Token)), Is.EqualTo(new[]
        {
            (tenant.EntraTenantId.ToString("D"), request.IssuedToken), (tenant.EntraTenantId.ToString("D"), request.IssuedToken),
        }));
    }

    [Test]
    public async Task A_cached_token_is_replaced_before_it_expires()
    {
        // MSAL treats a token as spent five minutes before its expiry: a 302 s token is renewed after about 2 s.
        _authority.ExpiresInSeconds = 302;
        var reader = await StartClientSecretReaderAsync();
        var tenant = NewTenant();

        await reader.GetPolicyAsync(tenant, DeviceConfiguration, "p1", CancellationToken.None);
        await reader.GetPolicyAsync(tenant, DeviceConfiguration, "p2", CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await reader.GetPolicyAsync(tenant, DeviceConfiguration, "p3", CancellationToken.None);

        var requests = _authority.TokenRequests.ToList();
        Assert.That(requests, Has.Count.EqualTo(2), "cached while fresh, then requested again");
        var calls = _authority.GraphCalls.ToList();
        Assert.That(calls.Select(c => c.Token), Is.EqualTo(new[] { requests[0].IssuedToken, requests[0].IssuedToken, requests[1].IssuedToken }),
            "the first token was still valid for almost five minutes when it was replaced");
    }

    [Test]
    public async Task Refused_consent_fails_with_consent_required_naming_the_tenant_and_never_the_secret()
    {
        var reader = await StartClientSecretReaderAsync();
        var refusing = NewTenant();
        var consenting = NewTenant();
        _authority.ConsentRefused[refusing.EntraTenantId.ToString("D")] = true;

        var exception = await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(refusing, DeviceConfiguration, "p1", CancellationToken.None));
        var other = await reader.GetPolicyAsync(consenting, DeviceConfiguration, "p2", CancellationToken.None);

        Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.ConsentRequired));
        Assert.That(exception.Error.GraphCode, Is.EqualTo("AADSTS65001"));
        Assert.That(exception.Error.Message, Does.Contain(refusing.EntraTenantId.ToString("D")).And.Contain("consent"));
        Assert.That(exception.InnerException, Is.Null, "Azure.Identity's exception (endpoints, trace ids) stays out");
        Assert.That(exception.ToString() + exception.Error, Does.Not.Contain(Secret).And.Not.Contain("Trace ID").And.Not.Contain(_authority.BaseAddress.Host + ":"));
        Assert.That(_authority.GraphCalls.Select(c => c.Tenant), Is.EqualTo(new[] { consenting.EntraTenantId.ToString("D") }), "nothing reached Graph without a token");
        Assert.That(other, Is.Not.Null);
    }

    [Test]
    public async Task A_tenants_graph_profile_selects_its_own_app_registration()
    {
        var reader = await StartClientSecretReaderAsync(new Dictionary<string, string?>
        {
            ["Graph:Profiles:gcc:ClientId"] = "22222222-aaaa-4bbb-8ccc-000000000002",
            ["Graph:Profiles:gcc:ClientSecret"] = "gcc-secret",
        });
        var entraTenantId = Guid.NewGuid();
        var viaDefault = new GraphTenant(Guid.NewGuid(), entraTenantId);
        var viaGcc = new GraphTenant(Guid.NewGuid(), entraTenantId, "gcc");

        await reader.GetPolicyAsync(viaDefault, DeviceConfiguration, "p1", CancellationToken.None);
        await reader.GetPolicyAsync(viaGcc, DeviceConfiguration, "p2", CancellationToken.None);
        await reader.GetPolicyAsync(viaGcc, DeviceConfiguration, "p3", CancellationToken.None);

        var requests = _authority.TokenRequests.ToList();
        Assert.That(requests.Select(r => (r.Tenant, r.ClientId, r.ClientSecret)), Is.EqualTo(new[]
        {
            (entraTenantId.ToString("D"), DefaultClientId, Secret),
            (entraTenantId.ToString("D"), "22222222-aaaa-4bbb-8ccc-000000000002", "gcc-secret"),
        }), "one credential and token cache per profile and tenant");
        var calls = _authority.GraphCalls.ToList();
        Assert.That(calls.Select(c => c.Token), Is.EqualTo(new[] { requests[0].IssuedToken, requests[1].IssuedToken, requests[1].IssuedToken }));
    }

    [Test]
    public async Task A_profile_that_is_not_configured_fails_with_credentials_missing_naming_it()
    {
        var reader = await StartClientSecretReaderAsync();

        var exception = await Assert.ThrowsAsync<GraphException>(() =>
            reader.GetPolicyAsync(NewTenant("eu-west"), DeviceConfiguration, "p1", CancellationToken.None));

        Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.CredentialsMissing));
        Assert.That(exception.Error.Message, Does.Contain("Graph:Profiles:eu-west"));
        Assert.That(_authority.TokenRequests, Is.Empty);
        Assert.That(_authority.GraphCalls, Is.Empty);
    }

    private static byte[] Base64Url(string value)
    {
        var text = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
    }
}
