using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

/// <summary>
/// A small Entra stand-in on 127.0.0.1 over HTTPS (a certificate made for the test): the OAuth2 client-credentials
/// token endpoint at /{tenant}/oauth2/v2.0/token, its OpenID metadata, and a Graph endpoint under /beta that
/// answers only bearer tokens it issued (and records for which tenant). Everything it saw is kept for assertions.
/// </summary>
public sealed class LocalTokenAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _issued = new();
    private int _counter;

    private LocalTokenAuthority(WebApplication app, X509Certificate2 tlsCertificate)
    {
        _app = app;
        TlsCertificate = tlsCertificate;
    }

    public X509Certificate2 TlsCertificate { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<TokenRequest> TokenRequests { get; } = new();

    public ConcurrentQueue<GraphCall> GraphCalls { get; } = new();

    /// <summary>Every path requested, token endpoint and metadata included.</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    /// <summary>Entra tenants whose administrator has not consented to the app: their token requests get AADSTS65001.</summary>
    public ConcurrentDictionary<string, bool> ConsentRefused { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lifetime of issued tokens (expires_in).</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    public sealed record TokenRequest(string Tenant, string? ClientId, string? ClientSecret, string? ClientAssertion, string? ClientAssertionType,
        string? Scope, string? GrantType, string IssuedToken);

    public sealed record GraphCall(string Tenant, string Path, string Token);

    public static async Task<LocalTokenAuthority> StartAsync()
    {
        var tls = CreateCertificate("CN=127.0.0.1", serverAuth: true);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(tls)));
        var app = builder.Build();
        var authority = new LocalTokenAuthority(app, tls);
        authority.Map();
        await app.StartAsync();
        authority.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return authority;
    }

    /// <summary>A self-signed RSA certificate with its private key: the TLS certificate, or an app's client certificate.</summary>
    public static X509Certificate2 CreateCertificate(string subject, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        }

        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>An HTTP handler that trusts exactly this authority's certificate (chain built on it alone, name checked).</summary>
    public HttpMessageHandler CreateTrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
                {
                    return false;
                }

                using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(TlsCertificate);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(presented);
            },
        },
    };

    public void Reset()
    {
        TokenRequests.Clear();
        GraphCalls.Clear();
        Paths.Clear();
        ConsentRefused.Clear();
        ExpiresInSeconds = 3600;
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            Paths.Enqueue(context.Request.Path.Value ?? "");
            await next(context);
        });

        _app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"{BaseAddress}{tenant}/v2.0",
            ["authorization_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{BaseAddress}{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt" },
        }));

        _app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
            if (ConsentRefused.ContainsKey(tenant))
            {
                TokenRequests.Enqueue(new TokenRequest(tenant, Field("client_id"), Field("client_secret"), Field("client_assertion"),
                    Field("client_assertion_type"), Field("scope"), Field("grant_type"), IssuedToken: ""));
                var now = DateTimeOffset.UtcNow;
                return Results.Json(new Dictionary<string, object>
                {
                    ["error"] = "invalid_grant",
                    ["error_description"] = $"AADSTS65001: The user or administrator has not consented to use the application with ID '{Field("client_id")}' named " +
                        $"'TenantAtlas'. Send an interactive authorization request for this user and resource. Trace ID: {Guid.NewGuid()} " +
                        $"Correlation ID: {Guid.NewGuid()} Timestamp: {now:yyyy-MM-dd HH:mm:ss}Z",
                    ["error_codes"] = new[] { 65001 },
                    ["timestamp"] = now.ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    ["trace_id"] = Guid.NewGuid().ToString(),
                    ["correlation_id"] = Guid.NewGuid().ToString(),
                    ["suberror"] = "consent_required",
                }, statusCode: 400);
            }

            var token = $"at-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}";
            _issued[token] = tenant;
            TokenRequests.Enqueue(new TokenRequest(tenant, Field("client_id"), Field("client_secret"), Field("client_assertion"),
                Field("client_assertion_type"), Field("scope"), Field("grant_type"), token));
            return Results.Json(new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = ExpiresInSeconds,
                ["ext_expires_in"] = ExpiresInSeconds,
                ["access_token"] = token,
            });
        });

        _app.MapGet("/beta/{**path}", (string path, HttpRequest request) =>
        {
            var header = request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.TryGetValue(header["Bearer ".Length..], out var tenant))
            {
                return Results.Json(new { error = new { code = "InvalidAuthenticationToken", message = "Access token is empty or invalid." } }, statusCode: 401);
            }

            GraphCalls.Enqueue(new GraphCall(tenant, path, header["Bearer ".Length..]));
            var id = path.Split('/').Last();
            return Results.Json(new Dictionary<string, object>
            {
                ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
                ["id"] = id,
                ["displayName"] = "Policy " + id,
                ["assignments"] = Array.Empty<object>(),
            });
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        TlsCertificate.Dispose();
    }
}
