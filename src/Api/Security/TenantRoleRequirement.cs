using Microsoft.AspNetCore.Authorization;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Security;

/// <summary>The caller needs at least this role in the tenant named by the route's {tenantId}.</summary>
public sealed record TenantRoleRequirement(TenantRole MinimumRole) : IAuthorizationRequirement;
