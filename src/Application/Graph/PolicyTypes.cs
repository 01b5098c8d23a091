namespace TenantAtlas.Application.Graph;

/// <summary>The supported Intune policy types.</summary>
public static class PolicyTypes
{
    public const string DeviceConfiguration = "deviceConfiguration";
    public const string DeviceCompliancePolicy = "deviceCompliancePolicy";
    public const string SettingsCatalogPolicy = "settingsCatalogPolicy";
    public const string AppProtectionPolicy = "appProtectionPolicy";

    public static readonly IReadOnlyList<PolicyTypeDefinition> All =
    [
        new(DeviceConfiguration, "deviceManagement/deviceConfigurations", null, "displayName", "PATCH", "assignments", []),
        new(DeviceCompliancePolicy, "deviceManagement/deviceCompliancePolicies",
            "scheduledActionsForRule($expand=scheduledActionConfigurations)", "displayName", "PATCH",
            "assignments", ["scheduledActionsForRule"]),
        new(SettingsCatalogPolicy, "deviceManagement/configurationPolicies", "settings", "name", "PUT", "assignments", ["settings"]),
        new(AppProtectionPolicy, "deviceAppManagement/managedAppPolicies", null, "displayName", "PATCH", "assignments", []),
    ];

    public static PolicyTypeDefinition? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public static PolicyTypeDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown policy type '{name}'.", nameof(name));
}
