using Microsoft.AspNetCore.Authorization;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Security;

/// <summary>
/// The caller needs at least this role in the tenant named by the route's {tenantId}; with
/// <paramref name="AllowMspAdmin"/>, a signed-in MSP administrator passes for any tenant (member management).
/// </summary>
public sealed record TenantRoleRequirement(TenantRole MinimumRole, bool AllowMspAdmin = false) : IAuthorizationRequirement;
