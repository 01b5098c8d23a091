using Microsoft.AspNetCore.Authorization;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Security;

/// <summary>
/// Tenant-scoped authorization. Without membership the answer is 403 whether or not the tenant (or the
/// resource under it) exists, so ids leak nothing.
/// </summary>
public sealed class TenantAuthorizationHandler(IHttpContextAccessor accessor) : AuthorizationHandler<TenantRoleRequirement>
{
    private const string RoleCacheKey = "ta:tenant-role";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRoleRequirement requirement)
    {
        var http = accessor.HttpContext;
        if (http is null || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (requirement.AllowMspAdmin && IsMspAdmin(context.User))
        {
            context.Succeed(requirement);
            return;
        }

        var raw = http.GetRouteValue("tenantId")?.ToString();
        if (!Guid.TryParse(raw, out var tenantId))
        {
            // A malformed id addresses nothing; parameter binding answers 400.
            context.Succeed(requirement);
            return;
        }

        if (!http.Items.TryGetValue(RoleCacheKey, out var cached))
        {
            var access = http.RequestServices.GetRequiredService<ITenantAccess>();
            cached = await access.GetRoleAsync(tenantId, http.RequestAborted);
            http.Items[RoleCacheKey] = cached;
        }

        if (cached is TenantRole role && role >= requirement.MinimumRole)
        {
            context.Succeed(requirement);
        }
    }

    // A signed-in user (never an API key) holding the msp.admin app role.
    private static bool IsMspAdmin(System.Security.Claims.ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == ActorClaims.UserId) &&
        user.Claims.Any(c => c.Type is "roles" or "role" or System.Security.Claims.ClaimTypes.Role && c.Value == ActorClaims.MspAdminRole);
}
