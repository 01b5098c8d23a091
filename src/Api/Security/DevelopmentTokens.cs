using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TenantAtlas.Api.Security;

/// <summary>
/// Development-only tokens signed with Auth:Development:SigningKey (never configured in production).
/// Tokens from `dotnet user-jwts` work too: they are validated through Authentication:Schemes:Bearer.
/// </summary>
public sealed class DevelopmentTokens(IConfiguration configuration, TimeProvider time)
{
    public const string Issuer = "tenantatlas-dev";
    public const string Audience = "tenantatlas-api";

    public string? SigningKey => configuration["Auth:Development:SigningKey"];

    public bool IsEnabled => !string.IsNullOrWhiteSpace(SigningKey);

    public SymmetricSecurityKey Key => new(Encoding.UTF8.GetBytes(SigningKey ?? throw new InvalidOperationException("Auth:Development:SigningKey is not set.")));

    public string Create(string subject, string? name = null, bool mspAdmin = false, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new("sub", subject), new("name", name ?? subject) };
        if (mspAdmin)
        {
            claims.Add(new Claim("roles", ActorClaims.MspAdminRole));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = (time.GetUtcNow() + (lifetime ?? TimeSpan.FromDays(30))).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
