using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Security;

public static class TenantAuthorizationExtensions
{
    public static string PolicyName(TenantRole role, bool allowMspAdmin = false) => allowMspAdmin ? $"tenant:{role}:or-msp-admin" : $"tenant:{role}";

    /// <summary>
    /// At least <paramref name="role"/> in the route's tenant; with <paramref name="allowMspAdmin"/> an MSP administrator
    /// passes for every tenant too (only member management uses that).
    /// </summary>
    public static TBuilder RequireTenantRole<TBuilder>(this TBuilder builder, TenantRole role, bool allowMspAdmin = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyName(role, allowMspAdmin)).WithMetadata(new TenantRoleMetadata(role));
}
