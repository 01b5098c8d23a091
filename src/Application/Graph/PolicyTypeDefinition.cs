using System.Text.Json.Nodes;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// How one Intune object type is read and written through Graph (DESIGN.md 5.1). Data, not code: adding a type is
/// one entry in <see cref="PolicyTypes"/>; where Graph needs more than a collection and an assign action, the optional
/// init properties below describe it (child collections, a priority action, built-in objects, references). The
/// recipe is in docs/policy-types.md. Nothing here is known to the run engine.
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
    IReadOnlyList<string> NavigationProperties)
{
    /// <summary>Where the type sits in a picker: configuration, compliance, scripts, updates, enrollment, apps, tenant.</summary>
    public string Category { get; init; } = PolicyCategories.Configuration;

    /// <summary>
    /// Whether Graph gives the type assignments and the assign action. When false the type is read without
    /// $expand=assignments (Graph answers 400 for it) and never assigned.
    /// </summary>
    public bool HasAssignments { get; init; } = true;

    /// <summary>
    /// Restore order: every item of a lower tier finishes before the next tier starts, so an object others refer to
    /// (a filter, a scope tag) has its new id in the run's id map before the objects that refer to it are written.
    /// </summary>
    public int RestoreTier { get; init; } = RestoreTiers.Policies;

    /// <summary>
    /// The reference kind other payloads use for this type's ids (assignment filter, scope tag, ...), or null. When a
    /// restore writes such an object under another id, the pair is recorded in the run's id map
    /// (<see cref="ReferenceKind.Object"/> ids are scoped by the type's name).
    /// </summary>
    public ReferenceKind? ReferencedAs { get; init; }

    /// <summary>
    /// Navigation collections Graph does not deep-insert: they are left out of the create and update bodies and written
    /// item by item at {object}/{name} after the object (matched by <see cref="ChildCollection.KeyProperty"/>).
    /// Each costs extra requests per object on restore (never on capture: they are read by $expand).
    /// </summary>
    public IReadOnlyList<ChildCollection> ChildCollections { get; init; } = [];

    /// <summary>
    /// A property Graph sets through an action rather than in the body (deviceEnrollmentConfiguration priority:
    /// setPriority). Left out of writes and applied by POST {object}/{action} { property: value } after them.
    /// </summary>
    public PriorityAction? Priority { get; init; }

    /// <summary>
    /// The payload's scope tag ids property: roleScopeTagIds for most types, roleScopeTags for assignment filters,
    /// null for types without scope tags (a write never adds it: Graph rejects a property the type lacks).
    /// </summary>
    public string? ScopeTagsProperty { get; init; } = "roleScopeTagIds";

    /// <summary>
    /// Graph has no assign action for the type: assignments are replaced by deleting each one at
    /// {object}/assignments/{id} and posting each wanted one to {object}/assignments (Autopilot, terms and conditions).
    /// </summary>
    public bool AssignmentsByCollection { get; init; }

    /// <summary>Properties Graph returns but rejects or ignores on write (beyond the shared server-owned ones).</summary>
    public IReadOnlyList<string> ReadOnlyProperties { get; init; } = [];

    /// <summary>
    /// Objects that exist in every tenant and are never created by a restore (the Default scope tag, the default
    /// enrollment configurations). Null when the type has none. Arguments: captured payload and its Graph id.
    /// </summary>
    public Func<JsonObject, string, BuiltInHandling>? BuiltIn { get; init; }

    /// <summary>Type-specific references inside the payload (beyond assignments and roleScopeTagIds), rewritten through the id map.</summary>
    public IReadOnlyList<PayloadReference> PayloadReferences { get; init; } = [];

    /// <summary>
    /// Type-specific secrets Graph never returns (it answers null where a value must exist, e.g. a WPA-personal
    /// Wi-Fi profile's preSharedKey): JSON paths of the missing values. Together with the shared mask detection
    /// (<see cref="PolicyPayload.FindMaskedSecrets"/>) they make a restore skip the item (secret_masked) and the
    /// preview show it as blocking. Null when the type has none.
    /// </summary>
    public Func<JsonObject, IReadOnlyList<string>>? WithheldSecrets { get; init; }

    /// <summary>Payload properties that carry script or configuration content in full (documented; captured like any other).</summary>
    public IReadOnlyList<string> ContentProperties { get; init; } = [];

    /// <summary>
    /// A <see cref="GraphFeatures"/> name the tenant's Graph profile must enable before the type is read or written
    /// (its permissions are not Intune's); null for types every tenant supports.
    /// </summary>
    public string? RequiresFeature { get; init; }

    /// <summary>Whether the restore may create the type (false for types whose objects Graph only lets you update).</summary>
    public bool RestoreCreate { get; init; } = true;

    /// <summary>
    /// The collection whose objects hold this type's objects, or null. Set, the type's <see cref="CollectionPath"/> has a
    /// <c>{parentId}</c> segment (DEP enrollment profiles live under each Apple token:
    /// <c>deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles</c>) and its Graph ids are
    /// <see cref="NestedGraphId"/>s: the parent's id and the object's, so a captured object is read, updated and deleted
    /// under its own parent. A create goes under the captured parent when the tenant has it, else under the tenant's only
    /// one (a restore into a tenant with none or several fails the item with <see cref="GraphErrorCodes.ParentNotFound"/>).
    /// </summary>
    public string? ParentCollection { get; init; }

    /// <summary>Made from a template and written through its actions instead of a create and child writes; null: not.</summary>
    public TemplateInstance? TemplateInstance { get; init; }

    /// <summary>The navigation (deep-inserted or child, at any depth) collections of the type.</summary>
    public IEnumerable<string> AllNavigation => NavigationProperties.Concat(ChildCollections.SelectMany(c => c.AllNames));
}

/// <summary>
/// Objects made from a template and changed through actions (endpoint security intents): created by
/// POST {TemplatesCollection}/{template id}/{CreateAction} with the object's <see cref="UpdatableProperties"/> and its
/// settings as <see cref="CreateSettingsParameter"/>; updated by PATCH with the <see cref="UpdatableProperties"/>, then
/// POST {object}/{UpdateAction} { "settings": [...] }. The settings are the type's child collection
/// <see cref="SettingsCollection"/> (read on their own collection); the template id stays in the payload
/// (<see cref="TemplateProperty"/>) and is never written.
/// </summary>
public sealed record TemplateInstance(
    string TemplateProperty, string TemplatesCollection, string CreateAction, string CreateSettingsParameter,
    string UpdateAction, string SettingsCollection, IReadOnlyList<string> UpdatableProperties);

/// <summary>A child collection written item by item after its parent.</summary>
/// <param name="Name">Navigation property, e.g. localizedNotificationMessages.</param>
/// <param name="KeyProperty">
/// Property that identifies a child across tenants, e.g. locale; a dotted path reaches into an expanded navigation
/// (definition.id: a group policy definition value is identified by its definition).
/// </param>
public sealed record ChildCollection(string Name, string KeyProperty)
{
    /// <summary>
    /// Null: the collection comes with the object's read ($expand). Otherwise Graph does not expand it (or what it
    /// needs expanded inside it): it is read at {object}/{name}?{ReadQuery} after the object, one request (and page)
    /// per collection and per item with <see cref="Children"/> (docs/policy-types.md, requests per object).
    /// </summary>
    public string? ReadQuery { get; init; }

    /// <summary>Collections of each item, read and written at {object}/{name}/{itemId}/{child} (presentation values of a definition value).</summary>
    public IReadOnlyList<ChildCollection> Children { get; init; } = [];

    /// <summary>
    /// The writer strategy: turns a captured item (and its parent item, for nested collections) into its create body,
    /// e.g. expanded navigation replaced by an @odata.bind built with the resolver of relative Graph paths to absolute
    /// URLs. Null: the item is sent as captured (without its nested <see cref="Children"/>).
    /// </summary>
    public Func<ChildWrite, JsonObject>? WriteBody { get; init; }

    /// <summary>
    /// On update a matched item is deleted and created again instead of patched (Graph patches a definition value's
    /// own properties only, not its presentation values).
    /// </summary>
    public bool ReplaceMatched { get; init; }

    /// <summary>This collection's name and those of its nested collections.</summary>
    public IEnumerable<string> AllNames => Children.SelectMany(c => c.AllNames).Prepend(Name);

    /// <summary>The item's key (<see cref="KeyProperty"/>, dotted paths followed), or null.</summary>
    public string? KeyOf(JsonObject item)
    {
        JsonNode? node = item;
        foreach (var part in KeyProperty.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrEmpty(s) ? s : null;
    }
}

/// <summary>What a <see cref="ChildCollection.WriteBody"/> strategy gets.</summary>
/// <param name="Item">The captured item (prepared for write: server ids stripped, expanded navigation kept).</param>
/// <param name="Parent">The item of the enclosing child collection, or null at the top.</param>
/// <param name="AbsoluteUrl">Turns a Graph path relative to the service root into the absolute URL an @odata.bind needs.</param>
public sealed record ChildWrite(JsonObject Item, JsonObject? Parent, Func<string, string> AbsoluteUrl);

/// <summary>A property set by an action on the object, e.g. setPriority with { "priority": n }.</summary>
public sealed record PriorityAction(string Property, string Action);

/// <summary>A reference to another restored object inside the payload.</summary>
/// <param name="ArrayProperty">Top-level array whose objects carry the reference (null: the property is top-level).</param>
/// <param name="NestedArrayProperty">Array inside each item of <paramref name="ArrayProperty"/> (null: none).</param>
/// <param name="IdProperty">Property holding the id.</param>
/// <param name="Kind">What the id refers to.</param>
/// <param name="Scope">For <see cref="ReferenceKind.Object"/>: the referenced type's name; else empty.</param>
public sealed record PayloadReference(string? ArrayProperty, string? NestedArrayProperty, string IdProperty, ReferenceKind Kind, string Scope = "")
{
    /// <summary>
    /// A list of ids inside nested objects, e.g. conditions.locations.includeLocations: every element is rewritten
    /// through the map except the <paramref name="literals"/> (values that are not ids, like "All", compared
    /// case-insensitively). <paramref name="label"/> names the reference in GET /policy-types.
    /// </summary>
    public static PayloadReference IdList(string path, ReferenceKind kind, string label, params string[] literals)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dot = path.LastIndexOf('.');
        return new PayloadReference(null, null, dot < 0 ? path : path[(dot + 1)..], kind)
        {
            ObjectPath = dot < 0 ? null : path[..dot],
            IsIdList = true,
            LiteralValues = literals,
            Label = label,
        };
    }

    /// <summary>Dotted path of nested objects that holds <see cref="IdProperty"/> (e.g. conditions.locations); null: none.</summary>
    public string? ObjectPath { get; init; }

    /// <summary><see cref="IdProperty"/> holds an array of ids rather than one id.</summary>
    public bool IsIdList { get; init; }

    /// <summary>Values of an id list that are not ids and are kept as they are ("All", "AllTrusted").</summary>
    public IReadOnlyList<string> LiteralValues { get; init; } = [];

    /// <summary>How GET /policy-types names the reference; null: by its scope or kind.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// For references whose target type depends on the holder (a policy set item's @odata.type): the candidate
    /// scopes (type names) of one holder. The first scope the map has the id under wins.
    /// </summary>
    public Func<JsonObject, IReadOnlyList<string>>? ScopesOf { get; init; }
}

/// <summary>How a restore treats a built-in object.</summary>
public enum BuiltInHandling
{
    /// <summary>Not built in: created or updated like any other object.</summary>
    None,

    /// <summary>Built in and never written (e.g. the Default scope tag): skipped with reason built_in.</summary>
    Skip,

    /// <summary>Built in: updated in place when found, never created (skipped with reason built_in when not found).</summary>
    UpdateOnly,
}

/// <summary>Picker categories of <see cref="PolicyTypeDefinition.Category"/>.</summary>
public static class PolicyCategories
{
    public const string Configuration = "configuration";
    public const string Compliance = "compliance";
    public const string AppProtection = "appProtection";
    public const string Apps = "apps";
    public const string Scripts = "scripts";
    public const string Updates = "updates";
    public const string Enrollment = "enrollment";
    public const string Tenant = "tenant";
    public const string Identity = "identity";
    public const string EndpointSecurity = "endpointSecurity";
}

/// <summary>Restore tiers of <see cref="PolicyTypeDefinition.RestoreTier"/>, lowest first.</summary>
public static class RestoreTiers
{
    /// <summary>Assignment filters and scope tags: referenced by assignments and almost every payload.</summary>
    public const int FiltersAndScopeTags = 0;

    /// <summary>Conditional access named locations (conditional access policies refer to them).</summary>
    public const int NamedLocations = 1;

    /// <summary>Other tenant objects policies refer to (notification templates, reusable settings, categories, terms).</summary>
    public const int ReferencedObjects = 2;

    public const int Policies = 3;

    /// <summary>Policy sets refer to policies: restored last.</summary>
    public const int PolicySets = 4;
}
