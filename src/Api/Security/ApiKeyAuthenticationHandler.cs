using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Api.Security;

/// <summary>`Authorization: ApiKey &lt;secret&gt;`: the secret's SHA-256 is looked up among active keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IAppDbContext db, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["ApiKey ".Length..].Trim();
        if (secret.Length is < 16 or > 200)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var hash = ApiKeySecrets.Hash(secret);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var now = time.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ActorClaims.ApiKeyId, key.Id.ToString()),
            new Claim(ActorClaims.ApiKeyTenantId, key.TenantId.ToString()),
            new Claim(ClaimTypes.Name, $"apikey:{key.Prefix}"),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
