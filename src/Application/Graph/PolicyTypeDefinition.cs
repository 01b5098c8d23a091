namespace TenantAtlas.Application.Graph;

/// <summary>
/// How one Intune policy type is read and written through Graph (DESIGN.md 5.1). Data, not code:
/// adding a type is one entry in <see cref="PolicyTypes"/>.
/// </summary>
/// <param name="Name">Our stable type name, e.g. deviceConfiguration.</param>
/// <param name="CollectionPath">Relative collection path (beta), e.g. deviceManagement/deviceConfigurations.</param>
/// <param name="ReadExpand">$expand used for a full read, excluding assignments.</param>
/// <param name="DisplayNameProperty">displayName, or name for the settings catalog.</param>
/// <param name="UpdateMethod">PATCH, or PUT for the settings catalog.</param>
/// <param name="AssignBodyProperty">Property of the assign action's body that carries the assignments.</param>
/// <param name="NavigationProperties">Expanded navigation properties that are part of the payload (e.g. settings).</param>
public sealed record PolicyTypeDefinition(
    string Name,
    string CollectionPath,
    string? ReadExpand,
    string DisplayNameProperty,
    string UpdateMethod,
    string AssignBodyProperty,
    IReadOnlyList<string> NavigationProperties);
