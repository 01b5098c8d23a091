using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.Security;

public static class TenantAuthorizationExtensions
{
    public static string PolicyName(TenantRole role) => $"tenant:{role}";

    public static TBuilder RequireTenantRole<TBuilder>(this TBuilder builder, TenantRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyName(role)).WithMetadata(new TenantRoleMetadata(role));
}
