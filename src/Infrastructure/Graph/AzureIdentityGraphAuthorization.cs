using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Client credentials of the MSP's multi-tenant app against each customer's Entra tenant. One credential
/// per Entra tenant; Azure.Identity caches and refreshes its tokens.
/// </summary>
internal sealed class AzureIdentityGraphAuthorization : IGraphAuthorization, IDisposable
{
    private readonly GraphOptions _options;
    private readonly ConcurrentDictionary<Guid, TokenCredential> _credentials = new();
    private readonly Lazy<X509Certificate2> _certificate;

    public AzureIdentityGraphAuthorization(IOptions<GraphOptions> options)
    {
        _options = options.Value;
        _certificate = new Lazy<X509Certificate2>(LoadCertificate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async ValueTask<AuthenticationHeaderValue> GetHeaderAsync(GraphTenant tenant, CancellationToken cancellationToken)
    {
        var credential = _credentials.GetOrAdd(tenant.EntraTenantId, CreateCredential);
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([_options.Scope]), cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token.Token);
        }
        catch (CredentialUnavailableException)
        {
            throw new GraphException(new GraphError(GraphErrorCodes.CredentialsMissing,
                "Graph credentials are not available for the tenant.", null, null, null));
        }
        catch (AuthenticationFailedException)
        {
            // Azure.Identity messages carry tenant details and endpoints; keep only what is safe.
            throw new GraphException(new GraphError(GraphErrorCodes.Unauthorized,
                "No Graph token could be obtained for the tenant: check the app's consent and credentials.", null, null, null));
        }
    }

    private TokenCredential CreateCredential(Guid entraTenantId)
    {
        var tenantId = entraTenantId.ToString("D");
        return _options.Auth switch
        {
            GraphAuthMode.ClientSecret => new ClientSecretCredential(tenantId, _options.ClientId, _options.ClientSecret),
            GraphAuthMode.Certificate => new ClientCertificateCredential(tenantId, _options.ClientId, _certificate.Value),
            _ => throw new InvalidOperationException($"Graph:Auth {_options.Auth} does not use Azure.Identity."),
        };
    }

    private X509Certificate2 LoadCertificate()
    {
        var path = _options.CertificatePath!;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".pem" or ".crt" => X509Certificate2.CreateFromPemFile(path),
            _ => X509CertificateLoader.LoadPkcs12FromFile(path, _options.CertificatePassword),
        };
    }

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }
}
