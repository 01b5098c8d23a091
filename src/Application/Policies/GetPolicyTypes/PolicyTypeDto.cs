namespace TenantAtlas.Application.Policies.GetPolicyTypes;

/// <summary>A supported object type, as an SPA builds its pickers from it.</summary>
/// <param name="Name">Our type name (policyType in policies, backup items and run items).</param>
/// <param name="CollectionPath">Graph beta collection, e.g. deviceManagement/assignmentFilters.</param>
/// <param name="Category">Picker group: configuration, compliance, appProtection, apps, scripts, updates, enrollment, tenant, identity.</param>
/// <param name="RestoreTier">Restore order (lower first: filters and scope tags 0, named locations 1, referenced objects 2, policies 3, policy sets 4).</param>
/// <param name="Capabilities">What backup and restore do with the type.</param>
public sealed record PolicyTypeDto(string Name, string CollectionPath, string Category, int RestoreTier, PolicyTypeCapabilitiesDto Capabilities)
{
    /// <summary>
    /// The Graph feature a tenant's Graph profile (or the global setting) must enable before the type is synced,
    /// captured or restored, e.g. conditionalAccess (Graph:ConditionalAccess, Graph:Profiles:{name}:ConditionalAccess); null: always.
    /// </summary>
    public string? RequiresFeature { get; init; }
}

/// <param name="Capture">Listed by inventory sync and captured into backups.</param>
/// <param name="RestoreCreate">A restore re-creates a deleted object (built-in ones excepted).</param>
/// <param name="RestoreUpdate">A restore updates a drifted object in place.</param>
/// <param name="Assignments">Assignments are captured and restored.</param>
/// <param name="ReferencesRemapped">A restore rewrites the references below through its id map.</param>
/// <param name="RemappedReferences">assignmentGroups, assignmentFilters, scopeTags, and type-specific ones (e.g. notificationMessageTemplate).</param>
/// <param name="ExtraRestoreRequests">Requests a restore makes per object beyond create/update and assign (child collections, actions).</param>
public sealed record PolicyTypeCapabilitiesDto(
    bool Capture, bool RestoreCreate, bool RestoreUpdate, bool Assignments, bool ReferencesRemapped,
    IReadOnlyList<string> RemappedReferences, IReadOnlyList<string> ExtraRestoreRequests);
