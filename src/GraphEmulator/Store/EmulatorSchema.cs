using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Http;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// The properties each entity type declares, as far as the emulator knows them: Graph's entity types are not open, so
/// a client body with a top-level property the type does not define is answered 400 ("The property 'x' does not exist
/// on type ..."), never stored. The emulator has no copy of Graph's $metadata; it learns a type's properties from the
/// real (and authored) payloads embedded as fixtures, so what it accepts is a subset of what Graph accepts: every
/// property our client writes was read from an object that was seeded from a fixture. Deterministic: the same fixtures
/// give the same schema. A type with no fixture of its own is checked against every fixture of its collection; a
/// collection with no fixture at all is not checked (nothing is known of it).
/// </summary>
internal static class EmulatorSchema
{
    /// <summary>Properties every entity carries or that the descriptor itself handles (navigation, server-owned).</summary>
    private static readonly string[] Always =
    [
        "@odata.type", "id", "createdDateTime", "lastModifiedDateTime", "modifiedDateTime", "version", "assignments",
        "displayName", "description", "roleScopeTagIds",
    ];

    /// <summary>
    /// Properties of Graph's documented schema (beta) that no embedded fixture of the collection carries but tests write,
    /// by store key: each is a real property of the collection's types, never an invention.
    /// </summary>
    private static readonly Dictionary<string, string[]> Documented = new(StringComparer.OrdinalIgnoreCase)
    {
        // windows10GeneralConfiguration.passwordRequired (and the same on other device configuration types).
        ["deviceManagement/deviceConfigurations"] = ["passwordRequired"],
        // deviceAndAppManagementAssignmentFilter.assignmentFilterManagementType (devices or apps).
        ["deviceManagement/assignmentFilters"] = ["assignmentFilterManagementType"],
    };

    private static readonly Lazy<IReadOnlyDictionary<string, CollectionSchema>> Learned = new(Learn);

    /// <summary>
    /// Top-level properties of objects seeded into any tenant (not written by a client), by store key and @odata.type:
    /// what exists in a tenant was made by Graph, so its properties are properties of the type.
    /// </summary>
    private static readonly ConcurrentDictionary<(string StoreKey, string ODataType), ConcurrentDictionary<string, byte>> Seeded = new();

    /// <summary>
    /// Throws Graph's 400 for the first top-level property <paramref name="payload"/> has that the type does not define:
    /// one in no fixture of the type (of the collection when the type has none), in no seeded object of that type, and
    /// not described by the collection itself.
    /// </summary>
    public static void CheckKnownProperties(PolicyCollectionDescriptor d, JsonObject payload, string? odataType)
    {
        if (!Learned.Value.TryGetValue(d.StoreKey, out var schema))
        {
            return;
        }

        var known = odataType is not null && schema.ByType.TryGetValue(odataType, out var ofType) ? ofType : schema.All;
        var seeded = Seeded.GetValueOrDefault((d.StoreKey.ToLowerInvariant(), (odataType ?? string.Empty).ToLowerInvariant()));
        foreach (var (name, _) in payload)
        {
            if (name.Contains('@', StringComparison.Ordinal) || known.Contains(name) || seeded?.ContainsKey(name) == true || IsDescribedBy(d, name))
            {
                continue;
            }

            var typeName = (odataType ?? d.TypeFilter ?? d.Path).TrimStart('#');
            throw new GraphRequestException(400, "BadRequest",
                $"The property '{name}' does not exist on type '{typeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.");
        }
    }

    /// <summary>Remembers the top-level properties of an object seeded into a tenant.</summary>
    public static void LearnSeeded(PolicyCollectionDescriptor d, JsonObject payload)
    {
        var odataType = payload["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : d.TypeFilter ?? string.Empty;
        var names = Seeded.GetOrAdd((d.StoreKey.ToLowerInvariant(), odataType.ToLowerInvariant()), _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        foreach (var (name, _) in payload)
        {
            if (!name.Contains('@', StringComparison.Ordinal))
            {
                names.TryAdd(name, 0);
            }
        }
    }

    /// <summary>The properties learned for a collection's store and an @odata.type (or the whole collection), for tests.</summary>
    public static IReadOnlySet<string>? KnownProperties(PolicyCollectionDescriptor d, string? odataType) =>
        Learned.Value.TryGetValue(d.StoreKey, out var schema)
            ? odataType is not null && schema.ByType.TryGetValue(odataType, out var ofType) ? ofType : schema.All
            : null;

    private static bool IsDescribedBy(PolicyCollectionDescriptor d, string name) =>
        Always.Contains(name, StringComparer.Ordinal)
        || name == d.NameProperty
        || name == d.ScopeTagsProperty
        || name == d.PriorityProperty
        || (d.HasSettings && name == "settings")
        || (d.HasScheduledActions && name == "scheduledActionsForRule")
        || d.ReadOnlyProperties.Contains(name, StringComparer.Ordinal)
        || d.ChildCollections.Contains(name, StringComparer.OrdinalIgnoreCase)
        || d.RequiredOnCreate.Contains(name, StringComparer.Ordinal)
        || d.AllowedValues.ContainsKey(name);

    private static IReadOnlyDictionary<string, CollectionSchema> Learn()
    {
        var schemas = new Dictionary<string, CollectionSchema>(StringComparer.OrdinalIgnoreCase);
        var fixtures = EmulatorFixtures.EmbeddedNames
            .Select(name => (Payload: EmulatorFixtures.LoadEmbedded(name), Collection: (string?)null))
            .Concat(EmulatorFixtures.TypeFixtures.Select(f => (Payload: EmulatorFixtures.LoadEmbedded(f.Name), Collection: (string?)f.Collection)));
        foreach (var (payload, folderCollection) in fixtures)
        {
            var path = folderCollection ?? EmulatorFixtures.CollectionOf(payload);
            if (path is null || PolicyCollectionDescriptor.Find(path) is not { } d)
            {
                continue;
            }

            if (!schemas.TryGetValue(d.StoreKey, out var schema))
            {
                schemas[d.StoreKey] = schema = new CollectionSchema();
            }

            var odataType = payload["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : d.TypeFilter;
            var names = payload.Select(p => p.Key).Where(k => !k.Contains('@', StringComparison.Ordinal)).ToList();
            schema.All.UnionWith(names);
            if (odataType is not null)
            {
                if (!schema.ByType.TryGetValue(odataType, out var ofType))
                {
                    schema.ByType[odataType] = ofType = new HashSet<string>(StringComparer.Ordinal);
                }

                ofType.UnionWith(names);
            }
        }

        foreach (var (storeKey, names) in Documented)
        {
            if (schemas.TryGetValue(storeKey, out var schema))
            {
                schema.All.UnionWith(names);
                foreach (var ofType in schema.ByType.Values)
                {
                    ofType.UnionWith(names);
                }
            }
        }

        return schemas;
    }

    private sealed class CollectionSchema
    {
        public HashSet<string> All { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, HashSet<string>> ByType { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
