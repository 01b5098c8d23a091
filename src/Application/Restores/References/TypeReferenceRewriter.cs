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

    private static IEnumerable<(JsonObject Holder, string Path)> Holders(JsonObject payload, PayloadReference reference)
    {
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
