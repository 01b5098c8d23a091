namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// The Graph services a tenant's requests are budgeted in apart: Intune (deviceManagement, deviceAppManagement and the
/// rest) and Entra identity (identity/..., e.g. conditional access), which Graph throttles by its own limits.
/// </summary>
internal enum GraphArea
{
    Intune,
    Identity,
}

internal static class GraphAreas
{
    /// <summary>The area of a path relative to the service root (identity/conditionalAccess/policies, /identity/...).</summary>
    public static GraphArea Of(string relativePath) =>
        relativePath.TrimStart('/').StartsWith("identity/", StringComparison.OrdinalIgnoreCase) ? GraphArea.Identity : GraphArea.Intune;
}
