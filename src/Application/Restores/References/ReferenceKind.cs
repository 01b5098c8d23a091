namespace TenantAtlas.Application.Restores.References;

/// <summary>The kinds of Graph ids a restored payload or assignment can refer to (ids differ between tenants, and an
/// object re-created by a restore gets a new one).</summary>
public enum ReferenceKind
{
    /// <summary>An Entra group (assignment target groupId).</summary>
    Group,

    /// <summary>An Intune assignment filter (assignment target deviceAndAppManagementAssignmentFilterId).</summary>
    AssignmentFilter,

    /// <summary>A role scope tag (payload roleScopeTagIds).</summary>
    ScopeTag,

    /// <summary>A conditional access named location.</summary>
    NamedLocation,

    /// <summary>Any other restored object (e.g. a policy set item's policy), keyed by policy type.</summary>
    Object,

    /// <summary>
    /// An Entra user (a conditional access policy's includeUsers/excludeUsers). Kept as is within a tenant; a restore
    /// into another tenant has no mapping for users, so an item that names one fails as unresolved (never sent as is).
    /// </summary>
    User,
}
