namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Settings of the Graph gateway, bound from the <c>Graph</c> section and validated at start.</summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";
    public const string DefaultBaseUrl = "https://graph.microsoft.com";

    /// <summary><c>Graph:Auth</c>: ClientSecret | Certificate | Emulator. Required.</summary>
    public GraphAuthMode? Auth { get; set; }

    /// <summary><c>Graph:BaseUrl</c>: Graph's root (requests go to {BaseUrl}/beta/...).</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary><c>Graph:ClientId</c>: the MSP's multi-tenant app registration.</summary>
    public string? ClientId { get; set; }

    /// <summary><c>Graph:ClientSecret</c> (Auth = ClientSecret). Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>Graph:CertificatePath</c>: a .pfx/.p12 or .pem file (Auth = Certificate).</summary>
    public string? CertificatePath { get; set; }

    /// <summary><c>Graph:CertificatePassword</c> of the .pfx, when it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// <c>Graph:Profiles:{name}</c>: further app registrations, selected by a tenant's GraphProfile (for example a
    /// registration per region or per consent set). The top-level ClientId/ClientSecret/Certificate* are <c>default</c>.
    /// </summary>
    public Dictionary<string, GraphAppRegistration> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>Graph:AuthorityHost</c>: the Entra authority tokens are requested from, at {AuthorityHost}/{EntraTenantId}
    /// (a national cloud, e.g. https://login.microsoftonline.us, sets its own).
    /// </summary>
    public string AuthorityHost { get; set; } = DefaultAuthorityHost;

    public const string DefaultAuthorityHost = "https://login.microsoftonline.com";

    /// <summary>The profile every tenant uses unless it names another.</summary>
    public const string DefaultProfile = "default";

    /// <summary><c>Graph:Scope</c> requested with client credentials.</summary>
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>
    /// <c>Graph:ConditionalAccess</c>: back up and restore Entra conditional access policies and named locations for
    /// tenants whose profile does not say otherwise (<c>Graph:Profiles:{name}:ConditionalAccess</c>). Off by default:
    /// the app registration needs Policy.Read.All and Policy.ReadWrite.ConditionalAccess, which an MSP may not grant.
    /// </summary>
    public bool ConditionalAccess { get; set; }

    public GraphRetryOptions Retry { get; set; } = new();

    public GraphRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Reads per $batch request (Graph allows at most 20) (<c>Graph:BatchSize</c>).</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Whether a profile enables conditional access: its own setting, else <see cref="ConditionalAccess"/>.</summary>
    internal bool ConditionalAccessEnabled(string? profile) =>
        (string.IsNullOrEmpty(profile) || string.Equals(profile, DefaultProfile, StringComparison.OrdinalIgnoreCase)
            ? null
            : Profiles.GetValueOrDefault(profile)?.ConditionalAccess) ?? ConditionalAccess;

    internal Uri BaseUri => new(BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);

    /// <summary>The app registration of a profile: the top-level settings for <c>default</c>; null when none is configured.</summary>
    internal GraphAppRegistration? Registration(string? profile) =>
        string.IsNullOrEmpty(profile) || string.Equals(profile, DefaultProfile, StringComparison.OrdinalIgnoreCase)
            ? new GraphAppRegistration
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                CertificatePath = CertificatePath,
                CertificatePassword = CertificatePassword,
            }
            : Profiles.GetValueOrDefault(profile);
}
