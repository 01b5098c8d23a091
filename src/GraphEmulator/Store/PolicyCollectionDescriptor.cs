namespace TenantAtlas.GraphEmulator.Store;

/// <summary>How one Graph collection behaves; the emulator's differences between policy types live here as data.</summary>
internal sealed record PolicyCollectionDescriptor(
    string Path,
    string StoreKey,
    string NameProperty,
    bool RequiresODataType,
    PolicyVersionKind Version,
    bool HasSettings,
    bool HasScheduledActions,
    bool SupportsPut,
    string[] AssignBodyProperties,
    bool AssignReturnsCollection,
    string AssignmentODataType,
    string? TypeFilter = null)
{
    /// <summary>
    /// Properties the assignment entity type defines besides id and annotations (Graph beta schema): any other
    /// property in an assign body is answered 400, as OData does for a property a non-open type lacks.
    /// </summary>
    public string[] AssignmentProperties { get; init; } = ["target", "source", "sourceId"];

    /// <summary>
    /// Whether the entity type has the assignments navigation and the assign action. The base managedAppPolicy
    /// has neither (only its concrete subtypes do), so its collection answers 400 for them, as Graph does.
    /// </summary>
    public bool HasAssignments { get; init; } = true;

    /// <summary>
    /// Assignments are created one by one (POST {id}/assignments) and deleted (DELETE {id}/assignments/{aid}); the
    /// type has no assign action (Autopilot deployment profiles, terms and conditions).
    /// </summary>
    public bool AssignmentsByCollection { get; init; }

    /// <summary>Whether a client create must carry scheduledActionsForRule with a block action (classic compliance).</summary>
    public bool RequiresBlockAction { get; init; }

    /// <summary>
    /// Navigation collections Graph serves at {object}/{name} (GET, POST; items GET, PATCH, DELETE) and by $expand,
    /// but does not deep-insert: a client create or update that carries one is answered 400.
    /// </summary>
    public string[] ChildCollections { get; init; } = [];

    /// <summary>Read-only properties: a client create or update that carries one is answered 400 (seeding drops them).</summary>
    public string[] ReadOnlyProperties { get; init; } = [];

    /// <summary>Properties a client create must carry (answered 400 without them).</summary>
    public string[] RequiredOnCreate { get; init; } = [];

    /// <summary>Properties whose value a client create must take from a fixed set (an enum of Graph's schema).</summary>
    public IReadOnlyDictionary<string, string[]> AllowedValues { get; init; } = new Dictionary<string, string[]>();

    /// <summary>Ids of built-in objects Graph never deletes (a DELETE is answered 400).</summary>
    public string[] ProtectedIds { get; init; } = [];

    /// <summary>The scope tag ids property the server defaults to ["0"], or null when the type has none.</summary>
    public string? ScopeTagsProperty { get; init; } = "roleScopeTagIds";

    /// <summary>
    /// A property the server assigns on create (next free value) and changes only through the setPriority action
    /// (deviceEnrollmentConfiguration priority); ignored in create and PATCH bodies.
    /// </summary>
    public string? PriorityProperty { get; init; }

    /// <summary>
    /// The collection whose objects hold this collection's objects, or null. Set, <see cref="Path"/> has a {parentId}
    /// segment (deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles): Graph serves the objects at
    /// {ParentCollection}/{parent id}/{last segment}, and the emulator stores each under the id {parent id}/{own id}
    /// (what the gateway calls a nested id) while its body carries only its own id.
    /// </summary>
    public string? ParentCollection { get; init; }

    /// <summary>The navigation segment under the parent (enrollmentProfiles), or null for a top-level collection.</summary>
    public string? NestedSegment => ParentCollection is null ? null : Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The property the server stamps on every change: lastModifiedDateTime (Intune) or modifiedDateTime (Entra).</summary>
    public string ModifiedProperty { get; init; } = "lastModifiedDateTime";

    /// <summary>The concrete @odata.type values a create must carry (an abstract base such as namedLocation or enrollmentProfile); empty: any.</summary>
    public string[] AllowedODataTypes { get; init; } = [];

    /// <summary>Whether a PATCH must carry the object's @odata.type (named locations, as Graph documents their update).</summary>
    public bool RequiresODataTypeOnUpdate { get; init; }

    /// <summary>Entra identity routes (identity/...): budgeted apart from Intune (<see cref="EmulatorFaults.IdentityRequestBudgetPer20s"/>).</summary>
    public bool IsIdentity => Path.StartsWith("identity/", StringComparison.OrdinalIgnoreCase);

    /// <summary>A collection of tenant objects with Graph's behaviour for one path; no assign action unless given.</summary>
    private static PolicyCollectionDescriptor Simple(
        string path, bool requiresODataType = false, string? assignBody = null, string? assignmentType = null) =>
        new(path, path, "displayName", requiresODataType, PolicyVersionKind.None, HasSettings: false, HasScheduledActions: false,
            SupportsPut: false, [assignBody ?? "assignments"], AssignReturnsCollection: false, assignmentType ?? string.Empty)
        {
            HasAssignments = assignBody is not null,
            AssignmentProperties = ["target"],
        };

    public static readonly PolicyCollectionDescriptor DeviceConfigurations = new(
        "deviceManagement/deviceConfigurations", "deviceManagement/deviceConfigurations", "displayName",
        RequiresODataType: true, PolicyVersionKind.Integer, HasSettings: false, HasScheduledActions: false, SupportsPut: false,
        ["assignments", "deviceConfigurationGroupAssignments"], AssignReturnsCollection: true,
        "#microsoft.graph.deviceConfigurationAssignment")
    {
        // deviceConfigurationAssignment (beta) also carries intent (apply | remove).
        AssignmentProperties = ["target", "source", "sourceId", "intent"],
    };

    public static readonly PolicyCollectionDescriptor DeviceCompliancePolicies = new(
        "deviceManagement/deviceCompliancePolicies", "deviceManagement/deviceCompliancePolicies", "displayName",
        RequiresODataType: true, PolicyVersionKind.Integer, HasSettings: false, HasScheduledActions: true, SupportsPut: false,
        ["assignments"], AssignReturnsCollection: true,
        "#microsoft.graph.deviceCompliancePolicyAssignment")
    {
        RequiresBlockAction = true,
    };

    public static readonly PolicyCollectionDescriptor ConfigurationPolicies = new(
        "deviceManagement/configurationPolicies", "deviceManagement/configurationPolicies", "name",
        RequiresODataType: false, PolicyVersionKind.None, HasSettings: true, HasScheduledActions: false, SupportsPut: true,
        ["assignments"], AssignReturnsCollection: true,
        "#microsoft.graph.deviceManagementConfigurationPolicyAssignment");

    public static readonly PolicyCollectionDescriptor ManagedAppPolicies = new(
        "deviceAppManagement/managedAppPolicies", "deviceAppManagement/managedAppPolicies", "displayName",
        RequiresODataType: true, PolicyVersionKind.ETagString, HasSettings: false, HasScheduledActions: false, SupportsPut: false,
        ["assignments"], AssignReturnsCollection: false,
        "#microsoft.graph.targetedManagedAppPolicyAssignment")
    {
        HasAssignments = false,
    };

    public static readonly PolicyCollectionDescriptor IosManagedAppProtections = ManagedAppPolicies with
    {
        Path = "deviceAppManagement/iosManagedAppProtections",
        TypeFilter = "#microsoft.graph.iosManagedAppProtection",
        RequiresODataType = false,
        HasAssignments = true,
    };

    public static readonly PolicyCollectionDescriptor AndroidManagedAppProtections = ManagedAppPolicies with
    {
        Path = "deviceAppManagement/androidManagedAppProtections",
        TypeFilter = "#microsoft.graph.androidManagedAppProtection",
        RequiresODataType = false,
        HasAssignments = true,
    };

    public static readonly PolicyCollectionDescriptor WindowsInformationProtectionPolicies = ManagedAppPolicies with
    {
        Path = "deviceAppManagement/windowsInformationProtectionPolicies",
        TypeFilter = "#microsoft.graph.windowsInformationProtectionPolicy",
        RequiresODataType = false,
        HasAssignments = true,
    };

    public static readonly PolicyCollectionDescriptor MdmWindowsInformationProtectionPolicies = ManagedAppPolicies with
    {
        Path = "deviceAppManagement/mdmWindowsInformationProtectionPolicies",
        TypeFilter = "#microsoft.graph.mdmWindowsInformationProtectionPolicy",
        RequiresODataType = false,
        HasAssignments = true,
    };

    public static readonly PolicyCollectionDescriptor WindowsManagedAppProtections = ManagedAppPolicies with
    {
        Path = "deviceAppManagement/windowsManagedAppProtections",
        TypeFilter = "#microsoft.graph.windowsManagedAppProtection",
        RequiresODataType = false,
        HasAssignments = true,
    };

    public static readonly PolicyCollectionDescriptor TargetedManagedAppConfigurations = ManagedAppPolicies with
    {
        Path = "deviceAppManagement/targetedManagedAppConfigurations",
        TypeFilter = "#microsoft.graph.targetedManagedAppConfiguration",
        RequiresODataType = false,
        HasAssignments = true,
    };

    public static readonly PolicyCollectionDescriptor CompliancePolicies = new(
        "deviceManagement/compliancePolicies", "deviceManagement/compliancePolicies", "name",
        RequiresODataType: false, PolicyVersionKind.None, HasSettings: true, HasScheduledActions: true, SupportsPut: true,
        ["assignments"], AssignReturnsCollection: true,
        "#microsoft.graph.deviceManagementConfigurationPolicyAssignment");

    public static readonly PolicyCollectionDescriptor ReusablePolicySettings = Simple("deviceManagement/reusablePolicySettings") with
    {
        ScopeTagsProperty = null,
        ReadOnlyProperties = ["referencingConfigurationPolicyCount", "settingDefinitionId"],
    };

    public static readonly PolicyCollectionDescriptor DeviceManagementScripts = Simple(
        "deviceManagement/deviceManagementScripts", assignBody: "deviceManagementScriptAssignments",
        assignmentType: "#microsoft.graph.deviceManagementScriptAssignment") with
    {
        AssignBodyProperties = ["deviceManagementScriptAssignments", "deviceManagementScriptGroupAssignments"],
    };

    public static readonly PolicyCollectionDescriptor DeviceShellScripts = DeviceManagementScripts with
    {
        Path = "deviceManagement/deviceShellScripts", StoreKey = "deviceManagement/deviceShellScripts",
    };

    public static readonly PolicyCollectionDescriptor DeviceCustomAttributeShellScripts = DeviceManagementScripts with
    {
        Path = "deviceManagement/deviceCustomAttributeShellScripts", StoreKey = "deviceManagement/deviceCustomAttributeShellScripts",
    };

    public static readonly PolicyCollectionDescriptor DeviceHealthScripts = Simple(
        "deviceManagement/deviceHealthScripts", assignBody: "deviceHealthScriptAssignments",
        assignmentType: "#microsoft.graph.deviceHealthScriptAssignment") with
    {
        AssignmentProperties = ["target", "runRemediationScript", "runSchedule"],
        ReadOnlyProperties = ["isGlobalScript", "highestAvailableVersion"],
    };

    public static readonly PolicyCollectionDescriptor DeviceComplianceScripts = DeviceHealthScripts with
    {
        Path = "deviceManagement/deviceComplianceScripts", StoreKey = "deviceManagement/deviceComplianceScripts",
        ReadOnlyProperties = [],
    };

    public static readonly PolicyCollectionDescriptor WindowsFeatureUpdateProfiles = Simple(
        "deviceManagement/windowsFeatureUpdateProfiles", assignBody: "assignments",
        assignmentType: "#microsoft.graph.windowsFeatureUpdateProfileAssignment") with
    {
        ReadOnlyProperties = ["deployableContentDisplayName", "endOfSupportDate"],
    };

    public static readonly PolicyCollectionDescriptor WindowsQualityUpdateProfiles = Simple(
        "deviceManagement/windowsQualityUpdateProfiles", assignBody: "assignments",
        assignmentType: "#microsoft.graph.windowsQualityUpdateProfileAssignment") with
    {
        ReadOnlyProperties = ["deployableContentDisplayName", "releaseDateDisplayName"],
    };

    public static readonly PolicyCollectionDescriptor WindowsDriverUpdateProfiles = Simple(
        "deviceManagement/windowsDriverUpdateProfiles", assignBody: "assignments",
        assignmentType: "#microsoft.graph.windowsDriverUpdateProfileAssignment") with
    {
        ReadOnlyProperties = ["deviceReporting", "newUpdates", "inventorySyncStatus"],
    };

    /// <summary>Abstract base type (azureAD... / activeDirectory...): @odata.type required. Assignments not emulated.</summary>
    public static readonly PolicyCollectionDescriptor WindowsAutopilotDeploymentProfiles = Simple(
        "deviceManagement/windowsAutopilotDeploymentProfiles", requiresODataType: true, assignBody: "assignments",
        assignmentType: "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment") with
    {
        AssignmentsByCollection = true,
        AssignmentProperties = ["target", "source", "sourceId"],
    };

    public static readonly PolicyCollectionDescriptor DeviceEnrollmentConfigurations = Simple(
        "deviceManagement/deviceEnrollmentConfigurations", requiresODataType: true, assignBody: "enrollmentConfigurationAssignments",
        assignmentType: "#microsoft.graph.enrollmentConfigurationAssignment") with
    {
        PriorityProperty = "priority",
        AssignmentProperties = ["target", "source", "sourceId"],
    };

    public static readonly PolicyCollectionDescriptor MobileAppConfigurations = Simple(
        "deviceAppManagement/mobileAppConfigurations", requiresODataType: true, assignBody: "assignments",
        assignmentType: "#microsoft.graph.managedDeviceMobileAppConfigurationAssignment");

    public static readonly PolicyCollectionDescriptor AssignmentFilters = Simple("deviceManagement/assignmentFilters") with
    {
        ScopeTagsProperty = "roleScopeTags",
        ReadOnlyProperties = ["payloads", "id"],
        RequiredOnCreate = ["displayName", "platform", "rule"],
        AllowedValues = new Dictionary<string, string[]>
        {
            ["platform"] =
            [
                "android", "androidForWork", "iOS", "macOS", "windowsPhone81", "windows81AndLater", "windows10AndLater", "androidWorkProfile",
                "unknown", "androidAOSP", "androidMobileApplicationManagement", "iOSMobileApplicationManagement",
                "windowsMobileApplicationManagement",
            ],
        },
    };

    public static readonly PolicyCollectionDescriptor RoleScopeTags = Simple(
        "deviceManagement/roleScopeTags", assignBody: "assignments", assignmentType: "#microsoft.graph.roleScopeTagAutoAssignment") with
    {
        ScopeTagsProperty = null,
        ReadOnlyProperties = ["isBuiltIn", "id"],
        RequiredOnCreate = ["displayName"],
        ProtectedIds = ["0"],
    };

    public static readonly PolicyCollectionDescriptor NotificationMessageTemplates = Simple("deviceManagement/notificationMessageTemplates") with
    {
        ChildCollections = ["localizedNotificationMessages"],
    };

    public static readonly PolicyCollectionDescriptor TermsAndConditions = Simple(
        "deviceManagement/termsAndConditions", assignBody: "assignments", assignmentType: "#microsoft.graph.termsAndConditionsAssignment") with
    {
        AssignmentsByCollection = true,
    };

    public static readonly PolicyCollectionDescriptor DeviceCategories = Simple("deviceManagement/deviceCategories");

    /// <summary>
    /// Endpoint security and security baseline intents (Graph beta deviceManagementIntent): created from a template
    /// (templates/{id}/createInstance, <see cref="Http.IntentRoutes"/>), settings on {intent}/settings and changed by
    /// updateSettings, assign with assignments (answers 204). A create on the collection itself must name its template.
    /// </summary>
    public static readonly PolicyCollectionDescriptor Intents = Simple(
        "deviceManagement/intents", assignBody: "assignments", assignmentType: "#microsoft.graph.deviceManagementIntentAssignment") with
    {
        ChildCollections = ["settings"],
        AssignmentProperties = ["target"],
        RequiredOnCreate = ["templateId"],
        ReadOnlyProperties = ["isMigratingToConfigurationPolicy"],
    };

    /// <summary>Policy sets: items on their own collection (payloadId names the grouped policy); status is server-set.</summary>
    public static readonly PolicyCollectionDescriptor PolicySets = Simple(
        "deviceAppManagement/policySets", assignBody: "assignments", assignmentType: "#microsoft.graph.policySetAssignment") with
    {
        // Graph beta policySetAssignment: create, list, get, update and delete on {set}/assignments; no assign action.
        AssignmentsByCollection = true,
        ChildCollections = ["items"],
        ScopeTagsProperty = "roleScopeTags",
        ReadOnlyProperties = ["status", "errorCode"],
    };

    /// <summary>
    /// Apple DEP enrollment profiles under each Apple token (depOnboardingSetting), Graph beta: list, create, get,
    /// update and delete at depOnboardingSettings/{id}/enrollmentProfiles; enrollmentProfile is abstract (a create names
    /// its concrete type); no assignments (devices are assigned by serial number) and no scope tags.
    /// </summary>
    public static readonly PolicyCollectionDescriptor DepEnrollmentProfiles = Simple(
        "deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles", requiresODataType: true) with
    {
        ParentCollection = "deviceManagement/depOnboardingSettings",
        ScopeTagsProperty = null,
        AllowedODataTypes = ["#microsoft.graph.depIOSEnrollmentProfile", "#microsoft.graph.depMacOSEnrollmentProfile",
            "#microsoft.graph.depVisionOSEnrollmentProfile", "#microsoft.graph.depTvOSEnrollmentProfile"],
    };

    /// <summary>
    /// Entra conditional access named locations (Graph beta namedLocation): the base type is abstract, so a create names
    /// ipNamedLocation or countryNamedLocation, and so does an update. id, createdDateTime and modifiedDateTime are
    /// read-only; no scope tags, no assignments.
    /// </summary>
    public static readonly PolicyCollectionDescriptor NamedLocations = Simple("identity/conditionalAccess/namedLocations", requiresODataType: true) with
    {
        ScopeTagsProperty = null,
        ModifiedProperty = "modifiedDateTime",
        AllowedODataTypes = ["#microsoft.graph.ipNamedLocation", "#microsoft.graph.countryNamedLocation"],
        RequiresODataTypeOnUpdate = true,
        ReadOnlyProperties = ["id", "createdDateTime", "modifiedDateTime"],
        RequiredOnCreate = ["displayName"],
    };

    /// <summary>
    /// Entra conditional access policies (Graph beta conditionalAccessPolicy): displayName, conditions and state are
    /// required, state is one of enabled, disabled, enabledForReportingButNotEnforced; users and groups are targeted in
    /// conditions (no assignments); id, createdDateTime and modifiedDateTime are read-only.
    /// </summary>
    public static readonly PolicyCollectionDescriptor ConditionalAccessPolicies = Simple("identity/conditionalAccess/policies") with
    {
        ScopeTagsProperty = null,
        ModifiedProperty = "modifiedDateTime",
        ReadOnlyProperties = ["id", "createdDateTime", "modifiedDateTime"],
        RequiredOnCreate = ["displayName", "conditions", "state"],
        AllowedValues = new Dictionary<string, string[]>
        {
            ["state"] = ["enabled", "disabled", "enabledForReportingButNotEnforced"],
        },
    };

    /// <summary>
    /// Administrative templates: definition values (bound to the groupPolicyDefinitions catalog) and their presentation
    /// values live on their own collections (GroupPolicyRoutes); Graph's create documents only the configuration's own
    /// properties, so definitionValues in a create or update body is answered 400 like any child collection.
    /// </summary>
    public static readonly PolicyCollectionDescriptor GroupPolicyConfigurations = Simple(
        "deviceManagement/groupPolicyConfigurations", assignBody: "assignments", assignmentType: "#microsoft.graph.groupPolicyConfigurationAssignment") with
    {
        ChildCollections = ["definitionValues"],
    };

    /// <summary>The concrete managedAppPolicy collection for an @odata.type, or null.</summary>
    public static PolicyCollectionDescriptor? ManagedAppCollectionOf(string? odataType) =>
        All.FirstOrDefault(d => d.StoreKey == ManagedAppPolicies.StoreKey && d.TypeFilter is not null &&
                                string.Equals(d.TypeFilter, odataType, StringComparison.OrdinalIgnoreCase));

    public static readonly IReadOnlyList<PolicyCollectionDescriptor> All =
    [
        DeviceConfigurations, DeviceCompliancePolicies, ConfigurationPolicies, ManagedAppPolicies,
        IosManagedAppProtections, AndroidManagedAppProtections, WindowsInformationProtectionPolicies,
        MdmWindowsInformationProtectionPolicies, WindowsManagedAppProtections, TargetedManagedAppConfigurations,
        CompliancePolicies, ReusablePolicySettings, DeviceManagementScripts, DeviceShellScripts, DeviceCustomAttributeShellScripts,
        DeviceHealthScripts, DeviceComplianceScripts, WindowsFeatureUpdateProfiles, WindowsQualityUpdateProfiles,
        WindowsDriverUpdateProfiles, WindowsAutopilotDeploymentProfiles, DeviceEnrollmentConfigurations, MobileAppConfigurations,
        AssignmentFilters, RoleScopeTags, NotificationMessageTemplates, TermsAndConditions, DeviceCategories, PolicySets,
        DepEnrollmentProfiles,
        NamedLocations, ConditionalAccessPolicies,
        GroupPolicyConfigurations, Intents,
    ];

    public static readonly IReadOnlyList<string> StoreKeys = [.. All.Select(d => d.StoreKey).Distinct(StringComparer.OrdinalIgnoreCase)];

    public static PolicyCollectionDescriptor? Find(string path)
    {
        var trimmed = path.Trim('/');
        foreach (var d in All)
        {
            if (string.Equals(d.Path, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return d;
            }
        }

        return null;
    }

    public bool Admits(string? odataType) =>
        TypeFilter is null || string.Equals(TypeFilter, odataType, StringComparison.OrdinalIgnoreCase);
}
