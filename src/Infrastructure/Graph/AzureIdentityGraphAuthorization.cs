using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Client credentials of the MSP's multi-tenant app against each customer's Entra tenant, at
/// {Graph:AuthorityHost}/{EntraTenantId}. The tenant's GraphProfile selects the app registration
/// (<see cref="GraphAppRegistration"/>). One credential per profile and Entra tenant; Azure.Identity (MSAL)
/// caches its tokens and requests a new one before the cached one expires.
/// </summary>
internal sealed partial class AzureIdentityGraphAuthorization : IGraphAuthorization, IDisposable
{
    // Entra answers with AADSTS codes; these mean the app is not consented in (or not known to) the tenant.
    private static readonly HashSet<string> ConsentCodes = ["65001", "700016"];

    private readonly GraphOptions _options;
    private readonly GraphTokenTransport _transport;
    private readonly ConcurrentDictionary<(string Profile, Guid EntraTenantId), TokenCredential> _credentials = new();
    private readonly ConcurrentDictionary<string, Lazy<X509Certificate2>> _certificates = new(StringComparer.OrdinalIgnoreCase);

    public AzureIdentityGraphAuthorization(IOptions<GraphOptions> options, GraphTokenTransport transport)
    {
        _options = options.Value;
        _transport = transport;
    }

    public async ValueTask<AuthenticationHeaderValue> GetHeaderAsync(GraphTenant tenant, CancellationToken cancellationToken)
    {
        var profile = string.IsNullOrEmpty(tenant.GraphProfile) ? GraphOptions.DefaultProfile : tenant.GraphProfile;
        var registration = _options.Registration(profile) ?? throw new GraphException(new GraphError(GraphErrorCodes.CredentialsMissing,
            $"No Graph app registration is configured for the tenant's profile '{profile}' (Graph:Profiles:{profile}).", null, null, null));
        var credential = _credentials.GetOrAdd((profile.ToLowerInvariant(), tenant.EntraTenantId), key => CreateCredential(key.Profile, key.EntraTenantId, registration));
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([_options.Scope]), cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token.Token);
        }
        catch (CredentialUnavailableException)
        {
            throw new GraphException(new GraphError(GraphErrorCodes.CredentialsMissing,
                $"Graph credentials of profile '{profile}' are not available for Entra tenant {tenant.EntraTenantId}.", null, null, null));
        }
        catch (AuthenticationFailedException ex)
        {
            // Azure.Identity's messages carry endpoints, trace ids and (for some errors) request details; only
            // Entra's numeric AADSTS code is kept, never the text.
            var aadsts = AadstsCode().Match(ex.InnerException?.Message ?? ex.Message) is { Success: true } m ? m.Groups[1].Value : null;
            if (aadsts is not null && ConsentCodes.Contains(aadsts))
            {
                throw new GraphException(new GraphError(GraphErrorCodes.ConsentRequired,
                    $"Entra tenant {tenant.EntraTenantId} has not granted consent to the app registration of profile '{profile}' (AADSTS{aadsts}): " +
                    "an administrator of that tenant must grant admin consent.", null, "AADSTS" + aadsts, null));
            }

            throw new GraphException(new GraphError(GraphErrorCodes.Unauthorized,
                string.Create(CultureInfo.InvariantCulture,
                    $"No Graph token could be obtained for Entra tenant {tenant.EntraTenantId} with profile '{profile}'{(aadsts is null ? "" : $" (AADSTS{aadsts})")}: check the app's consent and credentials."),
                null, aadsts is null ? null : "AADSTS" + aadsts, null));
        }
    }

    private TokenCredential CreateCredential(string profile, Guid entraTenantId, GraphAppRegistration registration)
    {
        var tenantId = entraTenantId.ToString("D");
        var authorityHost = new Uri(_options.AuthorityHost, UriKind.Absolute);
        // DisableInstanceDiscovery: the token endpoint is {AuthorityHost}/{tenant}/oauth2/v2.0/token; no lookup in
        // Microsoft's instance list, which knows only Microsoft's own hosts and is one more outbound call.
        switch (_options.Auth)
        {
            case GraphAuthMode.ClientSecret:
                return new ClientSecretCredential(tenantId, registration.ClientId, registration.ClientSecret,
                    WithTransport(new ClientSecretCredentialOptions { AuthorityHost = authorityHost, DisableInstanceDiscovery = true }));
            case GraphAuthMode.Certificate:
                var certificate = _certificates.GetOrAdd(profile, _ => new Lazy<X509Certificate2>(
                    () => LoadCertificate(registration), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
                return new ClientCertificateCredential(tenantId, registration.ClientId, certificate,
                    WithTransport(new ClientCertificateCredentialOptions { AuthorityHost = authorityHost, DisableInstanceDiscovery = true }));
            default:
                throw new InvalidOperationException($"Graph:Auth {_options.Auth} does not use Azure.Identity.");
        }
    }

    private T WithTransport<T>(T options) where T : TokenCredentialOptions
    {
        if (_transport.Transport is { } transport)
        {
            options.Transport = transport;
        }

        return options;
    }

    private static X509Certificate2 LoadCertificate(GraphAppRegistration registration)
    {
        var path = registration.CertificatePath!;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".pem" or ".crt" => X509Certificate2.CreateFromPemFile(path),
            _ => X509CertificateLoader.LoadPkcs12FromFile(path, registration.CertificatePassword),
        };
    }

    [GeneratedRegex(@"AADSTS(\d{4,8})", RegexOptions.CultureInvariant)]
    private static partial Regex AadstsCode();

    public void Dispose()
    {
        foreach (var certificate in _certificates.Values.Where(c => c.IsValueCreated))
        {
            certificate.Value.Dispose();
        }
    }
}
