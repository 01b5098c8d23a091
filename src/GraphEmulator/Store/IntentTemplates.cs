using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// The endpoint security and security baseline templates intents are made from (Graph beta deviceManagementTemplate),
/// the same in every tenant, as Microsoft publishes them. A template knows the setting definitions its intents may
/// carry; the emulator learns them from the intent fixtures of the template (what real intents of it hold), so a
/// settingsDelta or updateSettings entry with another definitionId is answered 400, deterministically.
/// </summary>
internal static class IntentTemplates
{
    public sealed record Template(string Id, string DisplayName, string TemplateType, string PlatformType, IReadOnlySet<string> DefinitionIds)
    {
        public JsonObject ToJson() => new()
        {
            ["@odata.type"] = TemplateType.Contains("Baseline", StringComparison.OrdinalIgnoreCase) || TemplateType == "cloudPC"
                ? "#microsoft.graph.securityBaselineTemplate"
                : "#microsoft.graph.deviceManagementTemplate",
            ["id"] = Id, ["displayName"] = DisplayName, ["description"] = DisplayName, ["versionInfo"] = "emulated",
            ["isDeprecated"] = false, ["templateType"] = TemplateType, ["platformType"] = PlatformType, ["templateSubtype"] = "none",
        };
    }

    /// <summary>
    /// The Cookbook's intent fixtures are createInstance bodies without their template: the template each script posts
    /// to (Chapter 3) is named here. The security-baseline-defaults script loops over every baseline; its fixture is
    /// seeded as a Windows 365 baseline, one of them.
    /// </summary>
    private static readonly Dictionary<string, string> TemplateOfFixture = new(StringComparer.OrdinalIgnoreCase)
    {
        ["create-bitLocker-policy__BitLocker-Encryption.json"] = BitLocker,
        ["create-edge-security-baseline__Edge-Baseline.json"] = EdgeBaseline,
        ["edge-baseline-block-extensions__Edge-Baseline-ExtensionBlock.json"] = EdgeBaseline,
        ["create-all-security-baseline-defaults__policydescription.json"] = Windows365Baseline,
    };

    public const string BitLocker = "d1174162-1dd2-4976-affc-6667049ab0ae";
    public const string EdgeBaseline = "a8d6fa0e-1e66-455b-bb51-8ce0dde1559e";
    public const string Windows365Baseline = "cef15778-c3b9-4d53-a00a-042929f0aad0";
    public const string DefenderBaseline = "2209e067-9c8c-462e-9981-5a8c79165dcc";
    public const string AttackSurfaceReduction = "0e237410-1367-4844-bd7f-15fb0f08943b";

    private static readonly Lazy<IReadOnlyDictionary<string, Template>> Catalog = new(Build);

    public static IReadOnlyCollection<Template> All => [.. Catalog.Value.Values];

    public static Template? Find(string? id) => id is not null && Catalog.Value.TryGetValue(id, out var t) ? t : null;

    /// <summary>
    /// A fixture as Graph stores the intent: its createInstance settingsDelta (or an export's settingsDelta) as the
    /// intent's settings, and its template id (the export's TemplateId, else the script's template above); the export's
    /// template display name and version are template properties, not the intent's, and are dropped.
    /// </summary>
    public static JsonObject AsStored(string fixtureName, JsonObject payload)
    {
        var file = fixtureName[(fixtureName.LastIndexOf('/') + 1)..];
        if (payload["settingsDelta"] is JsonArray delta && payload["settings"] is null)
        {
            payload.Remove("settingsDelta");
            payload["settings"] = delta;
        }

        if (payload["TemplateId"] is JsonValue exported)
        {
            payload.Remove("TemplateId");
            payload["templateId"] = exported.GetValue<string>();
        }

        payload.Remove("TemplateDisplayName");
        payload.Remove("versionInfo");
        if (payload["templateId"] is null && TemplateOfFixture.TryGetValue(file, out var templateId))
        {
            payload["templateId"] = templateId;
        }

        return payload;
    }

    private static IReadOnlyDictionary<string, Template> Build()
    {
        var definitions = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, collection) in EmulatorFixtures.TypeFixtures)
        {
            if (collection != PolicyCollectionDescriptor.Intents.Path)
            {
                continue;
            }

            var intent = EmulatorFixtures.LoadEmbedded(name);
            if (intent["templateId"] is JsonValue t && t.TryGetValue<string>(out var templateId))
            {
                if (!definitions.TryGetValue(templateId, out var set))
                {
                    definitions[templateId] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith((intent["settings"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(s => s["definitionId"]?.GetValue<string>()).OfType<string>());
            }
        }

        IReadOnlySet<string> Of(string id) => definitions.TryGetValue(id, out var set) ? set : new HashSet<string>();
        Template[] templates =
        [
            new(BitLocker, "BitLocker", "securityTemplate", "windows10AndLater", Of(BitLocker)),
            new(EdgeBaseline, "Microsoft Edge baseline", "microsoftEdgeSecurityBaseline", "windows10AndLater", Of(EdgeBaseline)),
            new(Windows365Baseline, "Windows 365 Security Baseline", "cloudPC", "windows10AndLater", Of(Windows365Baseline)),
            new(DefenderBaseline, "Microsoft Defender for Endpoint baseline", "advancedThreatProtectionSecurityBaseline", "windows10AndLater", Of(DefenderBaseline)),
            new(AttackSurfaceReduction, "Attack surface reduction rules", "securityTemplate", "windows10AndLater", Of(AttackSurfaceReduction)),
        ];
        return templates.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
    }
}
