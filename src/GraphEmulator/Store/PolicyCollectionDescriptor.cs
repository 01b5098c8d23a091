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
        "#microsoft.graph.deviceCompliancePolicyAssignment");

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

    /// <summary>The concrete managedAppPolicy collection for an @odata.type, or null.</summary>
    public static PolicyCollectionDescriptor? ManagedAppCollectionOf(string? odataType) =>
        All.FirstOrDefault(d => d.StoreKey == ManagedAppPolicies.StoreKey && d.TypeFilter is not null &&
                                string.Equals(d.TypeFilter, odataType, StringComparison.OrdinalIgnoreCase));

    public static readonly IReadOnlyList<PolicyCollectionDescriptor> All =
    [
        DeviceConfigurations, DeviceCompliancePolicies, ConfigurationPolicies, ManagedAppPolicies,
        IosManagedAppProtections, AndroidManagedAppProtections, WindowsInformationProtectionPolicies,
        MdmWindowsInformationProtectionPolicies, WindowsManagedAppProtections, TargetedManagedAppConfigurations,
    ];

    public static readonly IReadOnlyList<string> StoreKeys =
        [DeviceConfigurations.StoreKey, DeviceCompliancePolicies.StoreKey, ConfigurationPolicies.StoreKey, ManagedAppPolicies.StoreKey];

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
