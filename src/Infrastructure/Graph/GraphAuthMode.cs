namespace TenantAtlas.Infrastructure.Graph;

/// <summary>How the gateway authenticates to Graph (<c>Graph:Auth</c>).</summary>
public enum GraphAuthMode
{
    /// <summary>Client credentials with a client secret (<c>Graph:ClientId</c>, <c>Graph:ClientSecret</c>).</summary>
    ClientSecret = 1,

    /// <summary>Client credentials with a certificate (<c>Graph:ClientId</c>, <c>Graph:CertificatePath</c>, optional <c>Graph:CertificatePassword</c>).</summary>
    Certificate = 2,

    /// <summary>The Graph emulator: <c>Authorization: Bearer emulator:{EntraTenantId}</c> to <c>Graph:BaseUrl</c>.</summary>
    Emulator = 3,
}
