namespace TenantAtlas.Application.Graph;

/// <summary>The supported Intune policy types.</summary>
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

    /// <summary>
    /// Before the concrete app policy types, every app policy was stored as this type (read through the base
    /// collection). Rows and backup items of it resolve to the concrete type by their @odata.type.
    /// </summary>
    public const string LegacyAppProtectionPolicy = "appProtectionPolicy";

    public static readonly IReadOnlyList<PolicyTypeDefinition> All =
    [
        new(DeviceConfiguration, "deviceManagement/deviceConfigurations", null, "displayName", "PATCH", "assignments", []),
        new(DeviceCompliancePolicy, "deviceManagement/deviceCompliancePolicies",
            "scheduledActionsForRule($expand=scheduledActionConfigurations)", "displayName", "PATCH",
            "assignments", ["scheduledActionsForRule"]),
        new(SettingsCatalogPolicy, "deviceManagement/configurationPolicies", "settings", "name", "PUT", "assignments", ["settings"]),
        AppPolicy(IosManagedAppProtection, "iosManagedAppProtections"),
        AppPolicy(AndroidManagedAppProtection, "androidManagedAppProtections"),
        AppPolicy(WindowsManagedAppProtection, "windowsManagedAppProtections"),
        AppPolicy(WindowsInformationProtectionPolicy, "windowsInformationProtectionPolicies"),
        AppPolicy(MdmWindowsInformationProtectionPolicy, "mdmWindowsInformationProtectionPolicies"),
        AppPolicy(TargetedManagedAppConfiguration, "targetedManagedAppConfigurations"),
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
        new(name, "deviceAppManagement/" + collection, null, "displayName", "PATCH", "assignments", []);

    public static PolicyTypeDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown policy type '{name}'.", nameof(name));
}
