using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// The rules that turn a raw Graph payload into what we store, hash and diff (<see cref="Normalize"/>),
/// and into what we may send back to Graph (<see cref="PrepareForWrite"/>, DESIGN.md 5.1).
/// Every method works on a deep clone; inputs are never changed.
/// </summary>
public static class PolicyPayload
{
    /// <summary>Server-owned properties: they differ between tenants and captures without a configuration change.</summary>
    public static readonly IReadOnlySet<string> ServerOwnedProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "createdDateTime", "lastModifiedDateTime", "modifiedDateTime", "version", "settingCount",
        "creationSource", "isAssigned", "supportsScopeTags",
    };

    /// <summary>Expanded navigation collections whose items carry server ids (dropped on normalize and write).</summary>
    public static readonly IReadOnlySet<string> NavigationCollections = new HashSet<string>(
        PolicyTypes.All.SelectMany(t => t.AllNavigation).Append("scheduledActionConfigurations"), StringComparer.Ordinal);

    private static readonly string[] AssignmentServerProperties = ["id", "source", "sourceId"];

    /// <summary>
    /// For storage, hashing and diff: strips server-owned properties at the top level, every @odata.*
    /// annotation except @odata.type at every depth, and ids of items in expanded navigation collections;
    /// orders object properties ordinally at every depth (arrays keep their order).
    /// </summary>
    public static JsonObject Normalize(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var clone = payload.DeepClone().AsObject();
        foreach (var name in ServerOwnedProperties)
        {
            clone.Remove(name);
        }

        clone.Remove("assignments");
        StripNavigationIds(clone);
        return (JsonObject)Canonicalize(StripAnnotations(clone))!;
    }

    /// <summary>Strips ids, source and @odata annotations (except @odata.type) and sorts by target type, group and filter.</summary>
    public static JsonArray NormalizeAssignments(JsonArray assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var items = new List<JsonNode?>();
        foreach (var item in assignments)
        {
            var clone = StripAnnotations(item?.DeepClone());
            if (clone is JsonObject o)
            {
                foreach (var name in AssignmentServerProperties)
                {
                    o.Remove(name);
                }
            }

            items.Add(Canonicalize(clone));
        }

        var sorted = items
            .OrderBy(AssignmentSortKey, StringComparer.Ordinal)
            .ThenBy(i => i?.ToJsonString() ?? "null", StringComparer.Ordinal)
            .ToList();
        return new JsonArray([.. sorted]);
    }

    /// <summary>Lowercase hex SHA-256 of the canonical JSON of both parts (property order never matters).</summary>
    public static string ComputeHash(JsonObject normalizedPayload, JsonArray normalizedAssignments)
    {
        ArgumentNullException.ThrowIfNull(normalizedPayload);
        ArgumentNullException.ThrowIfNull(normalizedAssignments);
        var document = new JsonArray(Canonicalize(normalizedPayload.DeepClone()), Canonicalize(normalizedAssignments.DeepClone()));
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString()));
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// <see cref="ComputeHash"/> of parts already normalised by <see cref="Normalize"/> and <see cref="NormalizeAssignments"/>
    /// and serialised with <see cref="JsonNode.ToJsonString"/> (canonical already, so no clone and re-sort; the same hash).
    /// </summary>
    public static string ComputeHashOfNormalizedJson(string normalizedPayloadJson, string normalizedAssignmentsJson)
    {
        ArgumentNullException.ThrowIfNull(normalizedPayloadJson);
        ArgumentNullException.ThrowIfNull(normalizedAssignmentsJson);
        var length = Encoding.UTF8.GetByteCount(normalizedPayloadJson) + Encoding.UTF8.GetByteCount(normalizedAssignmentsJson) + 3;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var n = 0;
            buffer[n++] = (byte)'[';
            n += Encoding.UTF8.GetBytes(normalizedPayloadJson, buffer.AsSpan(n));
            buffer[n++] = (byte)',';
            n += Encoding.UTF8.GetBytes(normalizedAssignmentsJson, buffer.AsSpan(n));
            buffer[n++] = (byte)']';
            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, n)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The body for a create or update (DESIGN.md 5.1): drops read-only properties, assignments and every
    /// @odata.* annotation except @odata.type and the type's read-only properties; keeps the type's navigation
    /// (settings, scheduledActionsForRule, child collections) without item ids, and its priority (the writer sends
    /// child collections and the priority action apart); the type's scope tag ids default to ["0"].
    /// </summary>
    public static JsonObject PrepareForWrite(JsonObject payload, PolicyTypeDefinition type)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(type);
        var clone = payload.DeepClone().AsObject();
        foreach (var name in ServerOwnedProperties)
        {
            clone.Remove(name);
        }

        clone.Remove("assignments");
        foreach (var name in type.ReadOnlyProperties)
        {
            clone.Remove(name);
        }

        StripNavigationIds(clone);
        StripAnnotations(clone);
        if (type.ScopeTagsProperty is { } scopeTags && clone[scopeTags] is not JsonArray { Count: > 0 })
        {
            clone[scopeTags] = new JsonArray("0");
        }

        return clone;
    }

    /// <summary>Assignments for the assign action: without ids, source and annotations; target (with @odata.type and filter) kept.</summary>
    public static JsonArray PrepareAssignmentsForWrite(JsonArray assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var result = new JsonArray();
        foreach (var item in assignments)
        {
            var clone = StripAnnotations(item?.DeepClone());
            if (clone is JsonObject o)
            {
                foreach (var name in AssignmentServerProperties)
                {
                    o.Remove(name);
                }
            }

            result.Add(clone);
        }

        return result;
    }

    /// <summary>
    /// JSON paths of masked secrets: strings made of '*' masks (e.g. "****"), objects with isEncrypted: true,
    /// and objects with a secretReferenceValueId but no usable value. Such payloads must never be written.
    /// </summary>
    public static IReadOnlyList<string> FindMaskedSecrets(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var paths = new List<string>();
        FindMasked("$", payload, paths);
        return paths;
    }

    /// <summary>True when the string is a secret mask such as "****" or "********" (surrounding whitespace ignored).</summary>
    public static bool IsMask(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var trimmed = value.Trim();
        return trimmed.Length >= 3 && trimmed.All(c => c == '*');
    }

    private static void FindMasked(string path, JsonNode? node, List<string> paths)
    {
        switch (node)
        {
            case JsonObject o:
                var encrypted = o["isEncrypted"] is JsonValue e && e.TryGetValue<bool>(out var isEncrypted) && isEncrypted;
                var secretReference = o["secretReferenceValueId"] is JsonValue r && r.TryGetValue<string>(out var reference) &&
                                      !string.IsNullOrEmpty(reference) && !HasUsableValue(o);
                if (encrypted || secretReference)
                {
                    paths.Add(path);
                    return;
                }

                foreach (var (name, child) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    FindMasked(JsonDiff.AppendProperty(path, name), child, paths);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    FindMasked($"{path}[{i}]", a[i], paths);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && IsMask(s):
                paths.Add(path);
                break;
        }
    }

    private static bool HasUsableValue(JsonObject o) =>
        o["value"] switch
        {
            null => false,
            JsonValue v when v.TryGetValue<string>(out var s) => !string.IsNullOrEmpty(s) && !IsMask(s),
            _ => true,
        };

    private static void StripNavigationIds(JsonObject o)
    {
        foreach (var (name, child) in o.ToList())
        {
            if (child is JsonArray items && NavigationCollections.Contains(name))
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    item.Remove("id");
                    item.Remove("createdDateTime");
                    item.Remove("lastModifiedDateTime");
                    StripNavigationIds(item);
                }
            }
        }
    }

    /// <summary>Removes @odata.* annotations (instance "@odata.x" and property "name@odata.x") except "@odata.type", at every depth.</summary>
    private static JsonNode? StripAnnotations(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    var at = name.IndexOf("@odata.", StringComparison.Ordinal);
                    if (at >= 0 && name != "@odata.type")
                    {
                        o.Remove(name);
                    }
                    else
                    {
                        StripAnnotations(child);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    StripAnnotations(child);
                }

                break;
        }

        return node;
    }

    /// <summary>Rebuilds the node with object properties in ordinal order at every depth.</summary>
    private static JsonNode? Canonicalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var props = o.ToList();
                o.Clear();
                var sorted = new JsonObject();
                foreach (var (name, child) in props.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sorted[name] = Canonicalize(child);
                }

                return sorted;
            case JsonArray a:
                var children = a.ToList();
                a.Clear();
                return new JsonArray([.. children.Select(Canonicalize)]);
            default:
                return node;
        }
    }

    private static string AssignmentSortKey(JsonNode? assignment)
    {
        var target = assignment?["target"] as JsonObject;
        return string.Join('|',
            Text(target?["@odata.type"]),
            Text(target?["groupId"]),
            Text(target?["deviceAndAppManagementAssignmentFilterId"]),
            Text(target?["deviceAndAppManagementAssignmentFilterType"]));
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? string.Empty;
}
