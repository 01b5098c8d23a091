using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>One difference between two JSON documents. Path is JSONPath-like: <c>$.a.b[2].c</c> or <c>$['@odata.type']</c>.</summary>
public sealed record JsonDiffEntry(string Path, JsonDiffKind Kind, JsonNode? Before, JsonNode? After);
