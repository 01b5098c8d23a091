using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// A small catalog of deviceManagement/groupPolicyDefinitions with their presentations: the ADMX-backed definitions
/// the administrative template fixtures refer to. Authored from Graph's documented schema (groupPolicyDefinition,
/// groupPolicyPresentation subtypes) with the names of real Windows policies; the ids are this catalog's own. The
/// catalog is Microsoft's, the same in every tenant, and read-only.
/// </summary>
internal static class GroupPolicyCatalog
{
    public const string LockScreen = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0001";
    public const string ConsumerExperiences = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0002";
    public const string OneDriveFileStorage = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0003";
    public const string DefaultAssociations = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0004";
    public const string UpdateDetectionFrequency = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0005";
    public const string SiteToZoneAssignment = "1c4bd3a4-6f0a-4b5e-9d8e-5b7e0a0c0006";

    public const string DefaultAssociationsFile = "9a1e57c2-3d4b-4f6a-8c2d-0e1f2a3b0041";
    public const string DetectionIntervalHours = "9a1e57c2-3d4b-4f6a-8c2d-0e1f2a3b0051";
    public const string ZoneAssignments = "9a1e57c2-3d4b-4f6a-8c2d-0e1f2a3b0061";

    /// <summary>The value type each presentation type takes (groupPolicyPresentationValue subtypes).</summary>
    public static readonly IReadOnlyDictionary<string, string> ValueTypeOfPresentation = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["#microsoft.graph.groupPolicyPresentationTextBox"] = "#microsoft.graph.groupPolicyPresentationValueText",
        ["#microsoft.graph.groupPolicyPresentationComboBox"] = "#microsoft.graph.groupPolicyPresentationValueText",
        ["#microsoft.graph.groupPolicyPresentationDropdownList"] = "#microsoft.graph.groupPolicyPresentationValueText",
        ["#microsoft.graph.groupPolicyPresentationDecimalTextBox"] = "#microsoft.graph.groupPolicyPresentationValueDecimal",
        ["#microsoft.graph.groupPolicyPresentationLongDecimalTextBox"] = "#microsoft.graph.groupPolicyPresentationValueLongDecimal",
        ["#microsoft.graph.groupPolicyPresentationCheckBox"] = "#microsoft.graph.groupPolicyPresentationValueBoolean",
        ["#microsoft.graph.groupPolicyPresentationListBox"] = "#microsoft.graph.groupPolicyPresentationValueList",
        ["#microsoft.graph.groupPolicyPresentationMultiTextBox"] = "#microsoft.graph.groupPolicyPresentationValueMultiText",
    };

    private static readonly Lazy<List<(JsonObject Definition, List<JsonObject> Presentations)>> Entries = new(Build);

    public static IEnumerable<JsonObject> Definitions => Entries.Value.Select(e => e.Definition);

    /// <summary>A copy of the definition, or null for an id the catalog does not have.</summary>
    public static JsonObject? Definition(string id) =>
        Entries.Value.FirstOrDefault(e => string.Equals(e.Definition["id"]!.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase))
            .Definition?.DeepClone().AsObject();

    /// <summary>Copies of the definition's presentations (empty for an unknown definition).</summary>
    public static IReadOnlyList<JsonObject> Presentations(string definitionId) =>
        [.. Entries.Value.Where(e => string.Equals(e.Definition["id"]!.GetValue<string>(), definitionId, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Presentations).Select(p => p.DeepClone().AsObject())];

    public static JsonObject? Presentation(string definitionId, string presentationId) =>
        Presentations(definitionId).FirstOrDefault(p => string.Equals(p["id"]!.GetValue<string>(), presentationId, StringComparison.OrdinalIgnoreCase));

    private static List<(JsonObject, List<JsonObject>)> Build() =>
    [
        (Definition(LockScreen, "Do not display the lock screen", "machine", @"\Control Panel\Personalization",
            "This policy setting controls whether the lock screen appears for users.", "At least Windows Server 2012, Windows 8 or Windows RT"), []),
        (Definition(ConsumerExperiences, "Turn off Microsoft consumer experiences", "machine", @"\Windows Components\Cloud Content",
            "This policy setting turns off experiences that help consumers make the most of their devices and Microsoft account.", "At least Windows 10"), []),
        (Definition(OneDriveFileStorage, "Prevent the usage of OneDrive for file storage", "machine", @"\Windows Components\OneDrive",
            "This policy setting lets you prevent apps and features from working with files on OneDrive.", "At least Windows 8.1"), []),
        (Definition(DefaultAssociations, "Set a default associations configuration file", "machine", @"\Windows Components\File Explorer",
            "This policy specifies the path to a file that contains default app associations.", "At least Windows Server 2012, Windows 8 or Windows RT"),
        [
            Presentation(DefaultAssociationsFile, "#microsoft.graph.groupPolicyPresentationTextBox", "Default Associations Configuration File",
                new JsonObject { ["required"] = true, ["maxLength"] = 1023, ["defaultValue"] = string.Empty }),
        ]),
        (Definition(UpdateDetectionFrequency, "Automatic Updates detection frequency", "machine", @"\Windows Components\Windows Update",
            "Specifies the hours that Windows will use to determine how long to wait before checking for available updates.", "At least Windows XP Professional Service Pack 1"),
        [
            Presentation(DetectionIntervalHours, "#microsoft.graph.groupPolicyPresentationDecimalTextBox", "interval (hours):",
                new JsonObject { ["required"] = true, ["defaultValue"] = 22, ["spin"] = true, ["spinStep"] = 1, ["minValue"] = 1, ["maxValue"] = 22 }),
        ]),
        (Definition(SiteToZoneAssignment, "Site to Zone Assignment List", "machine", @"\Windows Components\Internet Explorer\Internet Control Panel\Security Page",
            "This policy setting allows you to manage a list of sites that you want to associate with a particular security zone.", "At least Internet Explorer 6.0 in Windows XP Service Pack 2"),
        [
            Presentation(ZoneAssignments, "#microsoft.graph.groupPolicyPresentationListBox", "Enter the zone assignments here.",
                new JsonObject { ["explicitValue"] = true, ["valuePrefix"] = string.Empty }),
        ]),
    ];

    private static JsonObject Definition(string id, string displayName, string classType, string categoryPath, string explainText, string supportedOn) => new()
    {
        ["@odata.type"] = "#microsoft.graph.groupPolicyDefinition",
        ["id"] = id,
        ["classType"] = classType,
        ["displayName"] = displayName,
        ["explainText"] = explainText,
        ["categoryPath"] = categoryPath,
        ["supportedOn"] = supportedOn,
        ["policyType"] = "admxBacked",
        ["hasRelatedDefinitions"] = false,
        ["version"] = "1.0",
        ["lastModifiedDateTime"] = "2024-03-01T00:00:00Z",
    };

    private static JsonObject Presentation(string id, string odataType, string label, JsonObject extra)
    {
        var presentation = new JsonObject { ["@odata.type"] = odataType, ["id"] = id, ["label"] = label };
        foreach (var (key, value) in extra)
        {
            presentation[key] = value?.DeepClone();
        }

        presentation["lastModifiedDateTime"] = "2024-03-01T00:00:00Z";
        return presentation;
    }
}
