using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Seeding;

/// <summary>
/// Loads policy JSON as found in the wild: with or without a UTF-8 BOM, as a POST body or as a
/// GET response with server-owned properties (id, timestamps, @odata.context, settingCount...).
/// </summary>
public static class EmulatorFixtures
{
    private const string ResourcePrefix = "Fixtures/";

    private static readonly HashSet<string> ServerOwned = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "createdDateTime", "lastModifiedDateTime", "modifiedDateTime", "version", "settingCount", "isAssigned",
        "supportsScopeTags", "creationSource",
    };

    private static readonly Lazy<IReadOnlyList<string>> Names = new(() =>
        typeof(EmulatorFixtures).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList());

    private const string TypesFolder = "types/";

    /// <summary>
    /// Embedded fixture names relative to Fixtures/, with '/' separators: the first four types (their collection
    /// follows from the payload, <see cref="CollectionOf"/>). The per-collection fixtures under types/ are
    /// <see cref="TypeFixtures"/>.
    /// </summary>
    public static IReadOnlyList<string> EmbeddedNames =>
        Names.Value.Select(n => n[ResourcePrefix.Length..].Replace('\\', '/')).Where(n => !n.StartsWith(TypesFolder, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Fixtures of the other object types, under types/{source}/{collection folder}/: the folder names the Graph
    /// collection (deviceManagement-assignmentFilters is deviceManagement/assignmentFilters), since many of these
    /// payloads carry no @odata.type. Only folders of collections the emulator serves are listed.
    /// </summary>
    public static IReadOnlyList<(string Name, string Collection)> TypeFixtures =>
        [.. Names.Value.Select(n => n[ResourcePrefix.Length..].Replace('\\', '/'))
            .Where(n => n.StartsWith(TypesFolder, StringComparison.Ordinal))
            .Select(n => (Name: n, Collection: CollectionOfFolder(n)))
            .Where(x => x.Collection is not null)
            .Select(x => (x.Name, x.Collection!))];

    private static string? CollectionOfFolder(string name)
    {
        var parts = name.Split('/');
        if (parts.Length < 2)
        {
            return null;
        }

        // identity-conditionalAccess-policies is identity/conditionalAccess/policies (Graph names have no dashes).
        var folder = parts[^2];
        var dash = folder.IndexOf('-', StringComparison.Ordinal);
        var path = dash < 0 ? null : folder[..dash] + "/" + folder[(dash + 1)..];
        if (path is not null && PolicyCollectionDescriptor.Find(path) is not null)
        {
            return path;
        }

        var segments = folder.Replace('-', '/');
        if (PolicyCollectionDescriptor.Find(segments) is not null)
        {
            return segments;
        }

        // A nested collection's folder names its path without the parent id: deviceManagement-depOnboardingSettings-enrollmentProfiles.
        return PolicyCollectionDescriptor.All
            .FirstOrDefault(d => d.ParentCollection is not null && string.Equals(d.Path.Replace("/{parentId}", string.Empty, StringComparison.Ordinal), segments, StringComparison.OrdinalIgnoreCase))
            ?.Path;
    }

    /// <summary>Parses UTF-8 JSON, skipping a byte-order mark if present.</summary>
    public static JsonObject Parse(ReadOnlySpan<byte> utf8)
    {
        var bom = Encoding.UTF8.Preamble;
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        return JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) as JsonObject
               ?? throw new InvalidDataException("Fixture is not a JSON object.");
    }

    public static JsonObject Parse(string json) => Parse(Encoding.UTF8.GetBytes(json.TrimStart('\uFEFF')));

    public static JsonObject LoadFile(string path) => Parse(File.ReadAllBytes(path));

    public static JsonObject LoadEmbedded(string name)
    {
        var resource = Names.Value.FirstOrDefault(n => string.Equals(n[ResourcePrefix.Length..].Replace('\\', '/'), name, StringComparison.OrdinalIgnoreCase))
                       ?? throw new FileNotFoundException($"No embedded fixture '{name}'.");
        using var stream = typeof(EmulatorFixtures).Assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var payload = Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        // Intent fixtures are createInstance bodies or exports: loaded as Graph stores the intent (settings, templateId).
        return name.Contains("/deviceManagement-intents/", StringComparison.OrdinalIgnoreCase) ? IntentTemplates.AsStored(name, payload) : payload;
    }

    /// <summary>
    /// A copy without server-owned properties and @odata annotations other than @odata.type, at the
    /// top level and on settings items (whose ids the server assigns); nested @odata.type survives.
    /// </summary>
    public static JsonObject StripServerOwned(JsonObject payload)
    {
        var copy = (JsonObject)payload.DeepClone();
        foreach (var key in copy.Select(p => p.Key).ToList())
        {
            if (ServerOwned.Contains(key) || (key.Contains("@odata.", StringComparison.Ordinal) && key != "@odata.type"))
            {
                copy.Remove(key);
            }
        }

        if (copy["settings"] is JsonArray settings)
        {
            foreach (var setting in settings.OfType<JsonObject>())
            {
                setting.Remove("id");
            }
        }

        return copy;
    }

    /// <summary>
    /// The collection a payload belongs to, from its @odata.type (settings catalog policies have
    /// none but carry name and settings). Null when it is none of the four supported types.
    /// </summary>
    public static string? CollectionOf(JsonObject payload)
    {
        var type = payload["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (type is null)
        {
            return payload["settings"] is JsonArray && payload["name"] is not null
                ? PolicyCollectionDescriptor.ConfigurationPolicies.Path
                : null;
        }

        if (type.EndsWith("CompliancePolicy", StringComparison.OrdinalIgnoreCase))
        {
            return PolicyCollectionDescriptor.DeviceCompliancePolicies.Path;
        }

        if (PolicyCollectionDescriptor.ManagedAppCollectionOf(type) is { } managedApp)
        {
            return managedApp.Path;
        }

        if (type.Contains("deviceManagementConfigurationPolicy", StringComparison.OrdinalIgnoreCase))
        {
            return PolicyCollectionDescriptor.ConfigurationPolicies.Path;
        }

        return type.StartsWith("#microsoft.graph.", StringComparison.Ordinal)
            ? PolicyCollectionDescriptor.DeviceConfigurations.Path
            : null;
    }
}
