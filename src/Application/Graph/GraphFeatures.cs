namespace TenantAtlas.Application.Graph;

/// <summary>
/// Optional Graph areas a deployment or a tenant's Graph profile turns on, because they need permissions an MSP may
/// not grant (<c>Graph:ConditionalAccess</c>, <c>Graph:Profiles:{name}:ConditionalAccess</c>). A type that requires a
/// disabled feature is not listed by sync, not read by capture or drift, and skipped by a restore or preview with
/// <see cref="DisabledCode"/>.
/// </summary>
public static class GraphFeatures
{
    /// <summary>Entra conditional access policies and named locations (Policy.Read.All, Policy.ReadWrite.ConditionalAccess).</summary>
    public const string ConditionalAccess = "conditionalAccess";

    /// <summary>Skip reason of a restore or capture item whose type needs a feature the tenant's profile does not enable.</summary>
    public const string DisabledCode = "feature_disabled";

    /// <summary>Whether the tenant may read and write the type (always, unless the type requires a feature).</summary>
    public static bool Supports(this IGraphFeatures features, GraphTenant tenant, PolicyTypeDefinition type)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(type);
        return type.RequiresFeature is not { } feature || features.IsEnabled(tenant, feature);
    }
}
