using System.Text.Json.Nodes;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.Restores.Mappings;

/// <summary>
/// The id maps of one (source, target) pair: source id -> target id per kind. Keys compare case-insensitively (Graph
/// ids are GUIDs or numbers). This is the stored document, the body of PUT, and the shape a preview proposes.
/// </summary>
public sealed record RestoreMappingDocument(
    IReadOnlyDictionary<string, string> Groups,
    IReadOnlyDictionary<string, string> AssignmentFilters,
    IReadOnlyDictionary<string, string> ScopeTags,
    IReadOnlyDictionary<string, string> NamedLocations)
{
    public const int MaxEntriesPerKind = 5000;

    /// <summary>The JSON property of each kind, in the document and in merge patches.</summary>
    public static readonly IReadOnlyList<(string Property, ReferenceKind Kind)> Kinds =
    [
        ("groups", ReferenceKind.Group),
        ("assignmentFilters", ReferenceKind.AssignmentFilter),
        ("scopeTags", ReferenceKind.ScopeTag),
        ("namedLocations", ReferenceKind.NamedLocation),
    ];

    public static RestoreMappingDocument Empty { get; } = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());

    public IReadOnlyDictionary<string, string> Of(ReferenceKind kind) => kind switch
    {
        ReferenceKind.Group => Groups,
        ReferenceKind.AssignmentFilter => AssignmentFilters,
        ReferenceKind.ScopeTag => ScopeTags,
        ReferenceKind.NamedLocation => NamedLocations,
        _ => new Dictionary<string, string>(),
    };

    /// <summary>Records every entry in the run's id map.</summary>
    public void Seed(RestoreIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach (var (_, kind) in Kinds)
        {
            foreach (var (source, target) in Of(kind))
            {
                map.Record(kind, source, target);
            }
        }
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (property, kind) in Kinds)
        {
            var entries = new JsonObject();
            foreach (var (source, target) in Of(kind).OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
            {
                entries[source] = target;
            }

            json[property] = entries;
        }

        return json;
    }

    public string Serialize() => ToJson().ToJsonString();

    /// <summary>Reads a stored document (unknown properties ignored, missing kinds empty).</summary>
    public static RestoreMappingDocument Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonObject o)
        {
            return Empty;
        }

        var (document, _) = FromJson(o);
        return document;
    }

    /// <summary>
    /// Reads a document from a request body, with the problems that make it invalid (by property path): kinds must be
    /// objects of string ids to string ids; group, filter and named location ids are GUIDs; scope tag ids are numbers
    /// and the built-in Default tag (0) always maps to itself.
    /// </summary>
    public static (RestoreMappingDocument Document, IReadOnlyList<(string Path, string Message)> Problems) FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var problems = new List<(string, string)>();
        foreach (var (name, _) in json)
        {
            if (!Kinds.Any(k => k.Property == name))
            {
                problems.Add((name, $"Unknown property '{name}'; a mapping has groups, assignmentFilters, scopeTags and namedLocations."));
            }
        }

        var maps = new Dictionary<ReferenceKind, IReadOnlyDictionary<string, string>>();
        foreach (var (property, kind) in Kinds)
        {
            var entries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            switch (json[property])
            {
                case null:
                    break;
                case JsonObject o:
                    if (o.Count > MaxEntriesPerKind)
                    {
                        problems.Add((property, $"At most {MaxEntriesPerKind} entries per kind."));
                        break;
                    }

                    foreach (var (source, value) in o)
                    {
                        var target = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                        if (!ValidId(kind, source) || target is null || !ValidId(kind, target))
                        {
                            problems.Add(($"{property}.{source}", kind == ReferenceKind.ScopeTag
                                ? "Scope tag ids are numbers (as strings), e.g. \"3\": \"7\"."
                                : "Ids are GUIDs, source id to target id."));
                            continue;
                        }

                        if (kind == ReferenceKind.ScopeTag && source == ReferenceRewriter.DefaultScopeTagId && target != source)
                        {
                            problems.Add(($"{property}.{source}", "The built-in Default scope tag (0) exists in every tenant and maps to itself."));
                            continue;
                        }

                        entries[source] = target;
                    }

                    break;
                default:
                    problems.Add((property, $"'{property}' must be an object of source id to target id."));
                    break;
            }

            maps[kind] = entries;
        }

        return (new RestoreMappingDocument(
            maps[ReferenceKind.Group], maps[ReferenceKind.AssignmentFilter], maps[ReferenceKind.ScopeTag], maps[ReferenceKind.NamedLocation]), problems);
    }

    /// <summary>JSON merge patch (RFC 7396) of the document: an entry set to null is removed, a kind set to null is emptied.</summary>
    public static JsonObject MergePatch(JsonObject current, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(patch);
        var result = current.DeepClone().AsObject();
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else if (value is JsonObject patchObject && result[name] is JsonObject target)
            {
                result[name] = MergePatch(target, patchObject);
            }
            else
            {
                result[name] = value.DeepClone();
            }
        }

        return result;
    }

    private static bool ValidId(ReferenceKind kind, string id) => kind == ReferenceKind.ScopeTag
        ? id.Length is > 0 and <= 20 && id.All(char.IsAsciiDigit)
        : Guid.TryParse(id, out var g) && g != Guid.Empty;
}
