using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Restores.References;

/// <summary>
/// Rewrites the references a type declares in <see cref="PolicyTypeDefinition.PayloadReferences"/> (in place, on a
/// payload the caller owns) through the run's <see cref="RestoreIdMap"/>. The empty GUID means "none" and is kept.
/// </summary>
public static class TypeReferenceRewriter
{
    public static IReadOnlyList<UnresolvedReference> Rewrite(JsonObject payload, PolicyTypeDefinition type, RestoreIdMap map)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(map);
        var unresolved = new List<UnresolvedReference>();
        foreach (var reference in type.PayloadReferences)
        {
            foreach (var (holder, path) in Holders(payload, reference))
            {
                if (reference.IsIdList)
                {
                    RewriteList(holder, path, reference, map, unresolved);
                    continue;
                }

                if (holder[reference.IdProperty] is not JsonValue v || !v.TryGetValue<string>(out var id) || string.IsNullOrEmpty(id) ||
                    (Guid.TryParse(id, out var g) && g == Guid.Empty))
                {
                    continue;
                }

                var scopes = reference.ScopesOf?.Invoke(holder) ?? [reference.Scope];
                var scope = scopes.FirstOrDefault(sc => map.IsMapped(reference.Kind, id, sc)) ?? scopes.FirstOrDefault() ?? reference.Scope;
                if (map.TryResolve(reference.Kind, id, out var mapped, scope))
                {
                    holder[reference.IdProperty] = mapped;
                }
                else
                {
                    unresolved.Add(new UnresolvedReference(reference.Kind, id, $"{path}.{reference.IdProperty}"));
                }
            }
        }

        return unresolved;
    }

    /// <summary>The ids the type's references hold (literals and the empty GUID left out), with their JSON paths.</summary>
    public static IEnumerable<(ReferenceKind Kind, string Id, string Path)> Find(JsonObject payload, PolicyTypeDefinition type)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(type);
        foreach (var reference in type.PayloadReferences)
        {
            foreach (var (holder, path) in Holders(payload, reference))
            {
                if (reference.IsIdList)
                {
                    if (holder[reference.IdProperty] is not JsonArray ids)
                    {
                        continue;
                    }

                    for (var i = 0; i < ids.Count; i++)
                    {
                        if (IdOf(ids[i], reference) is { } listed)
                        {
                            yield return (reference.Kind, listed, $"{path}.{reference.IdProperty}[{i}]");
                        }
                    }
                }
                else if (IdOf(holder[reference.IdProperty], reference) is { } id)
                {
                    yield return (reference.Kind, id, $"{path}.{reference.IdProperty}");
                }
            }
        }
    }

    /// <summary>Each id of the list through the map; literals kept; an unresolved id is reported and the list left as it was.</summary>
    private static void RewriteList(JsonObject holder, string path, PayloadReference reference, RestoreIdMap map, List<UnresolvedReference> unresolved)
    {
        if (holder[reference.IdProperty] is not JsonArray ids)
        {
            return;
        }

        var rewritten = new JsonArray();
        for (var i = 0; i < ids.Count; i++)
        {
            if (IdOf(ids[i], reference) is not { } id)
            {
                rewritten.Add(ids[i]?.DeepClone());
            }
            else if (map.TryResolve(reference.Kind, id, out var mapped, reference.Scope))
            {
                rewritten.Add(mapped);
            }
            else
            {
                unresolved.Add(new UnresolvedReference(reference.Kind, id, $"{path}.{reference.IdProperty}[{i}]"));
                rewritten.Add(id);
            }
        }

        holder[reference.IdProperty] = rewritten;
    }

    /// <summary>The id a value holds: null for a non-string, empty, the empty GUID or a literal of the reference.</summary>
    private static string? IdOf(JsonNode? node, PayloadReference reference) =>
        node is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrEmpty(id) &&
        !(Guid.TryParse(id, out var g) && g == Guid.Empty) &&
        !reference.LiteralValues.Contains(id, StringComparer.OrdinalIgnoreCase)
            ? id
            : null;

    private static IEnumerable<(JsonObject Holder, string Path)> Holders(JsonObject payload, PayloadReference reference)
    {
        if (reference.ObjectPath is { } objectPath)
        {
            JsonNode? node = payload;
            foreach (var segment in objectPath.Split('.'))
            {
                node = node is JsonObject o ? o[segment] : null;
            }

            if (node is JsonObject holder)
            {
                yield return (holder, "$." + objectPath);
            }

            yield break;
        }

        if (reference.ArrayProperty is null)
        {
            yield return (payload, "$");
            yield break;
        }

        if (payload[reference.ArrayProperty] is not JsonArray outer)
        {
            yield break;
        }

        for (var i = 0; i < outer.Count; i++)
        {
            if (outer[i] is not JsonObject item)
            {
                continue;
            }

            var path = $"$.{reference.ArrayProperty}[{i}]";
            if (reference.NestedArrayProperty is null)
            {
                yield return (item, path);
                continue;
            }

            if (item[reference.NestedArrayProperty] is JsonArray inner)
            {
                for (var j = 0; j < inner.Count; j++)
                {
                    if (inner[j] is JsonObject nested)
                    {
                        yield return (nested, $"{path}.{reference.NestedArrayProperty}[{j}]");
                    }
                }
            }
        }
    }
}
