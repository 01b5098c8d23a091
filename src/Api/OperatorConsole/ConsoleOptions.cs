namespace TenantAtlas.Api.OperatorConsole;

/// <summary>
/// The operator console's sign-in settings (section <c>Console</c>). The console itself is switched on by
/// <c>Api:Console</c> (default: on in Development, off elsewhere). With <see cref="ClientId"/> and an authority
/// (<see cref="Authority"/>, else <c>Authentication:Schemes:Bearer:Authority</c>) the console signs in with the
/// OpenID Connect authorization-code flow with PKCE; in Development it also takes a pasted token or API key.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The OpenID Connect authority (issuer URL); empty: the JWT bearer scheme's authority.</summary>
    public string? Authority { get; set; }

    /// <summary>The console's public client id registered at the authority (a SPA redirect URI of <c>{origin}/app/</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>Scopes requested; include the API's scope so the access token's audience is the Api.</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>Whether the sign-in page offers a pasted token or API key; null: only in Development.</summary>
    public bool? AllowPastedToken { get; set; }
}
