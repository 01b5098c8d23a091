using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Security;

/// <summary>
/// Maps a bearer token's subject to our User row (created on first sight) and adds its id as a claim.
/// MSP administrators carry the app role msp.admin.
/// </summary>
public sealed class UserProvisioning(IAppDbContext db, TimeProvider time) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity
            || identity.AuthenticationType == AuthSchemes.ApiKey
            || principal.HasClaim(c => c.Type == ActorClaims.UserId))
        {
            return principal;
        }

        var subject = principal.FindFirstValue("sub") ?? principal.FindFirstValue("oid");
        if (string.IsNullOrEmpty(subject))
        {
            return principal;
        }

        var isAdmin = principal.FindAll("roles").Concat(principal.FindAll("role")).Concat(principal.FindAll(ClaimTypes.Role))
            .Any(c => c.Value == ActorClaims.MspAdminRole);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Subject == subject);
        if (user is null)
        {
            user = new User
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                Subject = subject,
                DisplayName = principal.FindFirstValue("name"),
                Email = principal.FindFirstValue("email") ?? principal.FindFirstValue("preferred_username"),
                IsMspAdmin = isAdmin,
                CreatedAt = time.GetUtcNow(),
            };
            db.Users.Add(user);
            try
            {
                await db.SaveChangesAsync();
            }
            catch (Exception ex) when (db.IsUniqueViolation(ex))
            {
                // A parallel first request created the user; use that row.
                db.Users.Entry(user).State = EntityState.Detached;
                user = await db.Users.FirstAsync(u => u.Subject == subject);
            }
        }
        else if (user.IsMspAdmin != isAdmin)
        {
            user.IsMspAdmin = isAdmin;
            await db.SaveChangesAsync();
        }

        var clone = principal.Clone();
        ((ClaimsIdentity)clone.Identity!).AddClaim(new Claim(ActorClaims.UserId, user.Id.ToString()));
        return clone;
    }
}
