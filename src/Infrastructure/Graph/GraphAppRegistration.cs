namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Credentials of one of the MSP's multi-tenant app registrations (<c>Graph:Profiles:{name}</c>). A tenant's
/// <c>GraphProfile</c> names the registration its Graph calls use; the top-level <c>Graph:ClientId</c>,
/// <c>ClientSecret</c>, <c>CertificatePath</c> and <c>CertificatePassword</c> are the profile <c>default</c>.
/// Whether the secret or the certificate is used follows <c>Graph:Auth</c>.
/// </summary>
public sealed class GraphAppRegistration
{
    /// <summary>The app registration's application (client) id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret (Graph:Auth = ClientSecret). Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A .pfx/.p12 or .pem file (Graph:Auth = Certificate).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the .pfx, when it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// <c>Graph:Profiles:{name}:ConditionalAccess</c>: whether tenants of this registration back up and restore conditional
    /// access (it holds the Entra permissions); null follows <c>Graph:ConditionalAccess</c>.
    /// </summary>
    public bool? ConditionalAccess { get; set; }
}
