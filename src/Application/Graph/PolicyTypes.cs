using System.Text.Json.Nodes;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.Graph;

/// <summary>The supported Intune object types (docs/policy-types.md: how to add one).</summary>
public static class PolicyTypes
{
    public const string DeviceConfiguration = "deviceConfiguration";
    public const string DeviceCompliancePolicy = "deviceCompliancePolicy";
    public const string SettingsCatalogPolicy = "settingsCatalogPolicy";
    // App policies: Graph defines assignments and the assign action on the concrete managedAppPolicy subtypes, each
    // with its own collection; the base deviceAppManagement/managedAppPolicies has neither.
    public const string IosManagedAppProtection = "iosManagedAppProtection";
    public const string AndroidManagedAppProtection = "androidManagedAppProtection";
    public const string WindowsManagedAppProtection = "windowsManagedAppProtection";
    public const string WindowsInformationProtectionPolicy = "windowsInformationProtectionPolicy";
    public const string MdmWindowsInformationProtectionPolicy = "mdmWindowsInformationProtectionPolicy";
    public const string TargetedManagedAppConfiguration = "targetedManagedAppConfiguration";

    public const string CompliancePolicy = "compliancePolicy";
    public const string ReusablePolicySetting = "reusablePolicySetting";
    public const string DeviceManagementScript = "deviceManagementScript";
    public const string DeviceShellScript = "deviceShellScript";
    public const string DeviceHealthScript = "deviceHealthScript";
    public const string DeviceComplianceScript = "deviceComplianceScript";
    public const string DeviceCustomAttributeShellScript = "deviceCustomAttributeShellScript";
    public const string WindowsFeatureUpdateProfile = "windowsFeatureUpdateProfile";
    public const string WindowsQualityUpdateProfile = "windowsQualityUpdateProfile";
    public const string WindowsDriverUpdateProfile = "windowsDriverUpdateProfile";
    public const string WindowsAutopilotDeploymentProfile = "windowsAutopilotDeploymentProfile";
    public const string DeviceEnrollmentConfiguration = "deviceEnrollmentConfiguration";
    public const string DepEnrollmentProfile = "depEnrollmentProfile";
    public const string MobileAppConfiguration = "mobileAppConfiguration";
    public const string AssignmentFilter = "assignmentFilter";
    public const string RoleScopeTag = "roleScopeTag";
    public const string NotificationMessageTemplate = "notificationMessageTemplate";
    public const string TermsAndConditions = "termsAndConditions";
    public const string DeviceCategory = "deviceCategory";
    public const string PolicySet = "policySet";
    public const string NamedLocation = "namedLocation";
    public const string ConditionalAccessPolicy = "conditionalAccessPolicy";
    public const string GroupPolicyConfiguration = "groupPolicyConfiguration";
    public const string DeviceManagementIntent = "deviceManagementIntent";

    /// <summary>
    /// Before the concrete app policy types, every app policy was stored as this type (read through the base
    /// collection). Rows and backup items of it resolve to the concrete type by their @odata.type.
    /// </summary>
    public const string LegacyAppProtectionPolicy = "appProtectionPolicy";

    /// <summary>A compliance action's notification template (notificationTemplateId; the empty GUID means none).</summary>
    private static readonly PayloadReference NotificationTemplateOfScheduledAction = new(
        "scheduledActionsForRule", "scheduledActionConfigurations", "notificationTemplateId", ReferenceKind.Object, NotificationMessageTemplate);

    /// <summary>The type a policy set item's payloadId refers to, by the item's @odata.type (Graph beta policySetItem subtypes).</summary>
    private static readonly Dictionary<string, string[]> PolicySetItemTargets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["#microsoft.graph.deviceConfigurationPolicySetItem"] = [DeviceConfiguration],
        ["#microsoft.graph.deviceCompliancePolicyPolicySetItem"] = [DeviceCompliancePolicy],
        ["#microsoft.graph.deviceManagementConfigurationPolicyPolicySetItem"] = [SettingsCatalogPolicy],
        ["#microsoft.graph.deviceManagementScriptPolicySetItem"] = [DeviceManagementScript],
        ["#microsoft.graph.enrollmentRestrictionsConfigurationPolicySetItem"] = [DeviceEnrollmentConfiguration],
        ["#microsoft.graph.windows10EnrollmentCompletionPageConfigurationPolicySetItem"] = [DeviceEnrollmentConfiguration],
        ["#microsoft.graph.windowsAutopilotDeploymentProfilePolicySetItem"] = [WindowsAutopilotDeploymentProfile],
        ["#microsoft.graph.targetedManagedAppConfigurationPolicySetItem"] = [TargetedManagedAppConfiguration],
        ["#microsoft.graph.managedAppProtectionPolicySetItem"] =
            [IosManagedAppProtection, AndroidManagedAppProtection, WindowsManagedAppProtection, WindowsInformationProtectionPolicy, MdmWindowsInformationProtectionPolicy],
        ["#microsoft.graph.mdmWindowsInformationProtectionPolicyPolicySetItem"] = [MdmWindowsInformationProtectionPolicy],
    };

    /// <summary>A policy set item's payloadId: the policy it groups, re-created under a new id earlier in the run.</summary>
    private static readonly PayloadReference PolicySetItemPayload = new("items", null, "payloadId", ReferenceKind.Object)
    {
        ScopesOf = item => item["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) && PolicySetItemTargets.TryGetValue(t, out var scopes)
            ? scopes
            : [],
    };

    /// <summary>
    /// A conditional access policy's locations (ids of named locations; "All" and "AllTrusted" are not ids) and its
    /// users' groups (mapped like assignment groups in a cross-tenant restore) and users ("All", "None" and
    /// "GuestsOrExternalUsers" are not ids; a user id cannot be mapped into another tenant, so such an item fails there
    /// as unresolved). Directory roles are template ids, the same in every tenant, and stay as they are.
    /// </summary>
    private static readonly PayloadReference[] ConditionalAccessReferences =
    [
        PayloadReference.IdList("conditions.locations.includeLocations", ReferenceKind.NamedLocation, NamedLocation, "All", "AllTrusted"),
        PayloadReference.IdList("conditions.locations.excludeLocations", ReferenceKind.NamedLocation, NamedLocation, "All", "AllTrusted"),
        PayloadReference.IdList("conditions.users.includeGroups", ReferenceKind.Group, "conditionGroups"),
        PayloadReference.IdList("conditions.users.excludeGroups", ReferenceKind.Group, "conditionGroups"),
        PayloadReference.IdList("conditions.users.includeUsers", ReferenceKind.User, "conditionUsers (same tenant only)", "All", "None", "GuestsOrExternalUsers"),
        PayloadReference.IdList("conditions.users.excludeUsers", ReferenceKind.User, "conditionUsers (same tenant only)", "All", "None", "GuestsOrExternalUsers"),
    ];

    public static readonly IReadOnlyList<PolicyTypeDefinition> All =
    [
        new(DeviceConfiguration, "deviceManagement/deviceConfigurations", null, "displayName", "PATCH", "assignments", [])
        {
            WithheldSecrets = WithheldSecretRules.DeviceConfiguration,
        },
        new(DeviceCompliancePolicy, "deviceManagement/deviceCompliancePolicies",
            "scheduledActionsForRule($expand=scheduledActionConfigurations)", "displayName", "PATCH",
            "assignments", ["scheduledActionsForRule"])
        {
            Category = PolicyCategories.Compliance,
            PayloadReferences = [NotificationTemplateOfScheduledAction],
        },
        new(SettingsCatalogPolicy, "deviceManagement/configurationPolicies", "settings", "name", "PUT", "assignments", ["settings"]),
        AppPolicy(IosManagedAppProtection, "iosManagedAppProtections"),
        AppPolicy(AndroidManagedAppProtection, "androidManagedAppProtections"),
        AppPolicy(WindowsManagedAppProtection, "windowsManagedAppProtections"),
        AppPolicy(WindowsInformationProtectionPolicy, "windowsInformationProtectionPolicies"),
        AppPolicy(MdmWindowsInformationProtectionPolicy, "mdmWindowsInformationProtectionPolicies"),
        AppPolicy(TargetedManagedAppConfiguration, "targetedManagedAppConfigurations"),

        // Settings catalog compliance: settings and scheduled actions are deep-inserted on create; PUT replaces both.
        new(CompliancePolicy, "deviceManagement/compliancePolicies",
            "settings,scheduledActionsForRule($expand=scheduledActionConfigurations)", "name", "PUT", "assignments",
            ["settings", "scheduledActionsForRule"])
        {
            Category = PolicyCategories.Compliance,
            PayloadReferences = [NotificationTemplateOfScheduledAction],
        },
        new(ReusablePolicySetting, "deviceManagement/reusablePolicySettings", null, "displayName", "PATCH", "assignments", [])
        {
            HasAssignments = false,
            RestoreTier = RestoreTiers.ReferencedObjects,
            ReferencedAs = ReferenceKind.Object,
            ScopeTagsProperty = null,
            ReadOnlyProperties = ["referencingConfigurationPolicyCount", "referencingConfigurationPolicies", "settingDefinitionId"],
        },

        // Scripts: the content is part of the payload (base64), read on the single GET.
        Script(DeviceManagementScript, "deviceManagementScripts", "deviceManagementScriptAssignments", ["scriptContent"]),
        Script(DeviceShellScript, "deviceShellScripts", "deviceManagementScriptAssignments", ["scriptContent"]),
        Script(DeviceHealthScript, "deviceHealthScripts", "deviceHealthScriptAssignments", ["detectionScriptContent", "remediationScriptContent"])
            with { ReadOnlyProperties = ["isGlobalScript", "highestAvailableVersion", "deviceHealthScriptType"] },
        Script(DeviceComplianceScript, "deviceComplianceScripts", "deviceHealthScriptAssignments", ["detectionScriptContent"]),
        Script(DeviceCustomAttributeShellScript, "deviceCustomAttributeShellScripts", "deviceManagementScriptAssignments", ["scriptContent"]),

        // Windows updates (update rings are the deviceConfiguration subtype windowsUpdateForBusinessConfiguration).
        Simple(WindowsFeatureUpdateProfile, "deviceManagement/windowsFeatureUpdateProfiles", PolicyCategories.Updates)
            with { ReadOnlyProperties = ["deployableContentDisplayName", "endOfSupportDate"] },
        Simple(WindowsQualityUpdateProfile, "deviceManagement/windowsQualityUpdateProfiles", PolicyCategories.Updates)
            with { ReadOnlyProperties = ["deployableContentDisplayName", "releaseDateDisplayName"] },
        Simple(WindowsDriverUpdateProfile, "deviceManagement/windowsDriverUpdateProfiles", PolicyCategories.Updates)
            with { ReadOnlyProperties = ["deviceReporting", "newUpdates", "inventorySyncStatus"] },

        // Enrolment. Autopilot assignments are created one by one on the assignments collection (no assign action).
        Simple(WindowsAutopilotDeploymentProfile, "deviceManagement/windowsAutopilotDeploymentProfiles", PolicyCategories.Enrollment)
            with { AssignmentsByCollection = true },
        new(DeviceEnrollmentConfiguration, "deviceManagement/deviceEnrollmentConfigurations", null, "displayName", "PATCH",
            "enrollmentConfigurationAssignments", [])
        {
            Category = PolicyCategories.Enrollment,
            // Graph assigns the priority on create and changes it only through setPriority; the defaults (priority 0,
            // ids ending in _Default...) exist in every tenant and are updated in place, never created.
            Priority = new PriorityAction("priority", "setPriority"),
            BuiltIn = (payload, graphId) =>
                graphId.Contains("_Default", StringComparison.OrdinalIgnoreCase) ||
                (payload["priority"] is JsonValue p && p.TryGetValue<int>(out var priority) && priority == 0)
                    ? BuiltInHandling.UpdateOnly
                    : BuiltInHandling.None,
        },

        // Apple DEP (Automated Device Enrollment) profiles live under each Apple token of the tenant; a tenant without a
        // token has none. No assignments (devices get a profile by serial number) and no scope tags.
        new(DepEnrollmentProfile, "deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Enrollment,
            ParentCollection = "deviceManagement/depOnboardingSettings",
            HasAssignments = false,
            ScopeTagsProperty = null,
        },

        // Administrative templates: definition values (and their presentation values) are neither expanded with the
        // configuration nor deep-inserted; they are read and written on their own collections, bound to the catalog.
        new(GroupPolicyConfiguration, "deviceManagement/groupPolicyConfigurations", null, "displayName", "PATCH", "assignments", [])
        {
            ChildCollections = [GroupPolicyBinds.DefinitionValues],
        },

        // Endpoint security and security baselines made from templates (intents): settings read on their own
        // collection, created through the template's createInstance, changed through updateSettings.
        new(DeviceManagementIntent, "deviceManagement/intents", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.EndpointSecurity,
            ChildCollections = [new ChildCollection("settings", "definitionId") { ReadQuery = string.Empty }],
            TemplateInstance = new TemplateInstance(
                "templateId", "deviceManagement/templates", "createInstance", "settingsDelta", "updateSettings", "settings",
                ["displayName", "description", "roleScopeTagIds"]),
            ReadOnlyProperties = ["isMigratingToConfigurationPolicy"],
        },

        new(MobileAppConfiguration, "deviceAppManagement/mobileAppConfigurations", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Apps,
        },

        // Tenant objects others refer to: restored first, their new ids recorded in the run's id map.
        new(AssignmentFilter, "deviceManagement/assignmentFilters", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Tenant,
            HasAssignments = false,
            RestoreTier = RestoreTiers.FiltersAndScopeTags,
            ReferencedAs = ReferenceKind.AssignmentFilter,
            ScopeTagsProperty = "roleScopeTags",
            ReadOnlyProperties = ["payloads"],
        },
        new(RoleScopeTag, "deviceManagement/roleScopeTags", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Tenant,
            RestoreTier = RestoreTiers.FiltersAndScopeTags,
            ReferencedAs = ReferenceKind.ScopeTag,
            ScopeTagsProperty = null,
            ReadOnlyProperties = ["isBuiltIn"],
            BuiltIn = (payload, graphId) =>
                graphId == ReferenceRewriter.DefaultScopeTagId ||
                (payload["isBuiltIn"] is JsonValue b && b.TryGetValue<bool>(out var builtIn) && builtIn)
                    ? BuiltInHandling.Skip
                    : BuiltInHandling.None,
        },
        new(NotificationMessageTemplate, "deviceManagement/notificationMessageTemplates", "localizedNotificationMessages",
            "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Tenant,
            HasAssignments = false,
            RestoreTier = RestoreTiers.ReferencedObjects,
            ReferencedAs = ReferenceKind.Object,
            ChildCollections = [new ChildCollection("localizedNotificationMessages", "locale")],
        },
        new(TermsAndConditions, "deviceManagement/termsAndConditions", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Tenant,
            // Like Autopilot: assignments are created one by one on the assignments collection.
            AssignmentsByCollection = true,
            RestoreTier = RestoreTiers.ReferencedObjects,
        },
        new(DeviceCategory, "deviceManagement/deviceCategories", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Tenant,
            HasAssignments = false,
            RestoreTier = RestoreTiers.ReferencedObjects,
            ReferencedAs = ReferenceKind.Object,
        },

        // Policy sets group policies: restored last, each item's payloadId rewritten to the policy's restored id.
        // Items are written one by one on the items collection (matched by payloadId on update); the set's
        // assignments go through its update action, which is not supported yet.
        new(PolicySet, "deviceAppManagement/policySets", "items", "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Tenant,
            // policySetAssignment has create and delete on {set}/assignments (Graph beta "policySetAssignment resource
            // type"); the set's update action would also take them, but one by one keeps the shared strategy.
            AssignmentsByCollection = true,
            ScopeTagsProperty = "roleScopeTags",
            RestoreTier = RestoreTiers.PolicySets,
            ChildCollections = [new ChildCollection("items", "payloadId")],
            PayloadReferences = [PolicySetItemPayload],
            ReadOnlyProperties = ["status", "errorCode"],
        },

        // Entra conditional access (Graph beta identity/conditionalAccess): off unless the tenant's Graph profile
        // enables it (Entra permissions), budgeted apart from Intune. Policies target users and groups inside
        // conditions: there are no assignments. Named locations go first; the policies' location ids follow them.
        new(NamedLocation, "identity/conditionalAccess/namedLocations", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Identity,
            HasAssignments = false,
            ScopeTagsProperty = null,
            RestoreTier = RestoreTiers.NamedLocations,
            ReferencedAs = ReferenceKind.NamedLocation,
            RequiresFeature = GraphFeatures.ConditionalAccess,
        },
        new(ConditionalAccessPolicy, "identity/conditionalAccess/policies", null, "displayName", "PATCH", "assignments", [])
        {
            Category = PolicyCategories.Identity,
            HasAssignments = false,
            ScopeTagsProperty = null,
            RequiresFeature = GraphFeatures.ConditionalAccess,
            PayloadReferences = ConditionalAccessReferences,
        },
    ];

    public static PolicyTypeDefinition? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The type of a stored row or backup item: its own name, or for the legacy app policy type the concrete type
    /// named by the payload's @odata.type (#microsoft.graph.iosManagedAppProtection -> iosManagedAppProtection).
    /// </summary>
    public static PolicyTypeDefinition? Resolve(string name, string? odataType)
    {
        if (!string.Equals(name, LegacyAppProtectionPolicy, StringComparison.OrdinalIgnoreCase))
        {
            return Find(name);
        }

        const string prefix = "#microsoft.graph.";
        return odataType is not null && odataType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? Find(odataType[prefix.Length..])
            : null;
    }

    private static PolicyTypeDefinition AppPolicy(string name, string collection) =>
        new(name, "deviceAppManagement/" + collection, null, "displayName", "PATCH", "assignments", []) { Category = PolicyCategories.AppProtection };

    private static PolicyTypeDefinition Script(string name, string collection, string assignBody, IReadOnlyList<string> content) =>
        new(name, "deviceManagement/" + collection, null, "displayName", "PATCH", assignBody, [])
        {
            Category = PolicyCategories.Scripts,
            ContentProperties = content,
        };

    private static PolicyTypeDefinition Simple(string name, string collection, string category) =>
        new(name, collection, null, "displayName", "PATCH", "assignments", []) { Category = category };

    public static PolicyTypeDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown policy type '{name}'.", nameof(name));
}
