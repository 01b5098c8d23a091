using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// Structural diff of two JSON documents for restore previews. Objects are compared by property
/// (ordinal order of names, so the output is stable), arrays by index. Values in the result are clones.
/// </summary>
public static class JsonDiff
{
    public static IReadOnlyList<JsonDiffEntry> Compute(JsonNode? before, JsonNode? after)
    {
        var entries = new List<JsonDiffEntry>();
        Walk("$", before, after, entries);
        return entries;
    }

    private static void Walk(string path, JsonNode? before, JsonNode? after, List<JsonDiffEntry> entries)
    {
        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                var names = b.Select(p => p.Key).Union(a.Select(p => p.Key), StringComparer.Ordinal)
                    .OrderBy(n => n, StringComparer.Ordinal);
                foreach (var name in names)
                {
                    var childPath = AppendProperty(path, name);
                    var inBefore = b.TryGetPropertyValue(name, out var bv);
                    var inAfter = a.TryGetPropertyValue(name, out var av);
                    if (!inBefore)
                    {
                        entries.Add(new JsonDiffEntry(childPath, JsonDiffKind.Added, null, av?.DeepClone()));
                    }
                    else if (!inAfter)
                    {
                        entries.Add(new JsonDiffEntry(childPath, JsonDiffKind.Removed, bv?.DeepClone(), null));
                    }
                    else
                    {
                        Walk(childPath, bv, av, entries);
                    }
                }

                break;
            case (JsonArray b, JsonArray a):
                var common = Math.Min(b.Count, a.Count);
                for (var i = 0; i < common; i++)
                {
                    Walk($"{path}[{i}]", b[i], a[i], entries);
                }

                for (var i = common; i < b.Count; i++)
                {
                    entries.Add(new JsonDiffEntry($"{path}[{i}]", JsonDiffKind.Removed, b[i]?.DeepClone(), null));
                }

                for (var i = common; i < a.Count; i++)
                {
                    entries.Add(new JsonDiffEntry($"{path}[{i}]", JsonDiffKind.Added, null, a[i]?.DeepClone()));
                }

                break;
            default:
                if (path == "$" && before is null && after is not null)
                {
                    entries.Add(new JsonDiffEntry(path, JsonDiffKind.Added, null, after.DeepClone()));
                }
                else if (path == "$" && before is not null && after is null)
                {
                    entries.Add(new JsonDiffEntry(path, JsonDiffKind.Removed, before.DeepClone(), null));
                }
                else if (!JsonNode.DeepEquals(before, after))
                {
                    entries.Add(new JsonDiffEntry(path, JsonDiffKind.Changed, before?.DeepClone(), after?.DeepClone()));
                }

                break;
        }
    }

    internal static string AppendProperty(string path, string name)
    {
        var simple = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') &&
                     name.All(c => char.IsLetterOrDigit(c) || c == '_');
        return simple ? $"{path}.{name}" : $"{path}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";
    }
}
