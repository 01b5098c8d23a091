using System.Text.Json;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// Routes for the objects policies refer to (see <see cref="EmulatorDirectory"/>), as strict as Graph for what our
/// client uses:
/// <list type="bullet">
/// <item><c>GET /groups</c> with <c>$filter</c> on <c>displayName</c>, <c>mailNickname</c> or <c>id</c> with <c>eq</c>
/// (string comparison case-insensitive, as in Entra ID); any other filter is 400 Request_UnsupportedQuery.
/// <c>$select</c>, <c>$top</c> (1..999, default 100) and <c>@odata.nextLink</c> paging. <c>GET /groups/{id}</c>: 404
/// Request_ResourceNotFound, 400 Request_BadRequest for an id that is no GUID. Groups are not written here.</item>
/// </list>
/// Assignment filters and scope tags are declared object types and served by the policy collections.
/// </summary>
internal static class DirectoryObjectRoutes
{
    private const int DefaultGroupPage = 100;
    private const int MaxGroupPage = 999;

    private static readonly HashSet<string> GroupFilterProperties = new(StringComparer.OrdinalIgnoreCase) { "displayName", "mailNickname", "id" };

    public static bool TryHandle(EmulatorTenant tenant, GraphCall call, string[] segments, string requestId, out GraphResult result)
    {
        result = null!;
        if (segments.Length >= 1 && string.Equals(segments[0], "groups", StringComparison.OrdinalIgnoreCase))
        {
            result = Groups(tenant.Directory(), call, segments, requestId);
            return true;
        }

        return false;
    }

    private static GraphResult Groups(EmulatorDirectory directory, GraphCall call, string[] segments, string requestId)
    {
        if (!string.Equals(call.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(405, "Request_BadRequest", $"The emulator serves groups read-only; '{call.Method}' is not supported here.");
        }

        var query = Parse(call.Query, "Group");
        if (segments.Length == 2)
        {
            if (!Guid.TryParse(segments[1], out _))
            {
                throw new GraphRequestException(400, "Request_BadRequest", $"Invalid object identifier '{segments[1]}'.");
            }

            lock (directory.Gate)
            {
                var group = directory.Groups.FirstOrDefault(g => string.Equals(g["id"]!.GetValue<string>(), segments[1], StringComparison.OrdinalIgnoreCase))
                    ?? throw new GraphRequestException(404, "Request_ResourceNotFound",
                        $"Resource '{segments[1]}' does not exist or one of its queried reference-property objects are not present.");
                return Entity(call, "groups/$entity", Selected(group, query.Select), requestId);
            }
        }

        if (segments.Length > 2)
        {
            throw new GraphRequestException(400, "Request_BadRequest", $"Resource not found for the segment '{segments[2]}'.");
        }

        if (query.FilterProperty is { } property && !GroupFilterProperties.Contains(property))
        {
            throw new GraphRequestException(400, "Request_UnsupportedQuery",
                $"Unsupported or invalid query filter clause specified for property '{property}' of resource 'Group'.");
        }

        if (query.Top is { } top && top is < 1 or > MaxGroupPage)
        {
            throw new GraphRequestException(400, "Request_UnsupportedQuery", $"Invalid page size specified: '{top}'. Must be between 1 and {MaxGroupPage} inclusive.");
        }

        List<JsonObject> matching;
        lock (directory.Gate)
        {
            matching = directory.Groups
                .Where(g => query.FilterProperty is not { } p
                    || (g[p] is JsonValue v && v.TryGetValue<string>(out var s) && string.Equals(s, query.FilterValue, StringComparison.OrdinalIgnoreCase)))
                .Select(g => Selected(g, query.Select))
                .ToList();
        }

        return Page(call, "groups", matching, query, query.Top ?? DefaultGroupPage, requestId);
    }

    private static ODataQuery Parse(string query, string resource)
    {
        try
        {
            return ODataQuery.Parse(query);
        }
        catch (GraphRequestException ex) when (ex.Message.StartsWith("Invalid filter clause", StringComparison.Ordinal))
        {
            throw new GraphRequestException(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified for resource '{resource}'.");
        }
    }

    private static JsonObject Selected(JsonObject source, HashSet<string>? select)
    {
        if (select is null)
        {
            return source.DeepClone().AsObject();
        }

        var result = new JsonObject();
        foreach (var (name, value) in source)
        {
            if (name == "id" || select.Contains(name))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private static GraphResult Entity(GraphCall call, string context, JsonObject entity, string requestId, int status = 200)
    {
        var body = new JsonObject { ["@odata.context"] = $"{call.ServiceRoot}$metadata#{context}" };
        foreach (var (name, value) in entity)
        {
            body[name] = value?.DeepClone();
        }

        return new GraphResult(status, JsonSerializer.SerializeToUtf8Bytes(body, GraphJsonOptions), requestId);
    }

    private static GraphResult Page(GraphCall call, string context, List<JsonObject> all, ODataQuery query, int pageSize, string requestId)
    {
        var page = all.Skip(query.Offset).Take(pageSize).ToList();
        var body = new JsonObject
        {
            ["@odata.context"] = $"{call.ServiceRoot}$metadata#{context}",
            ["value"] = new JsonArray([.. page.Select(p => (JsonNode)p)]),
        };
        var next = query.Offset + page.Count;
        if (next < all.Count)
        {
            var parameters = System.Web.HttpUtility.ParseQueryString(call.Query.TrimStart('?'));
            parameters["$skiptoken"] = ODataQuery.EncodeSkipToken(next);
            body["@odata.nextLink"] = $"{call.ServiceRoot}{call.RelativePath}?{string.Join('&', parameters.AllKeys.Select(k => $"{k}={Uri.EscapeDataString(parameters[k] ?? "")}"))}";
        }

        return new GraphResult(200, JsonSerializer.SerializeToUtf8Bytes(body, GraphJsonOptions), requestId);
    }

    private static readonly JsonSerializerOptions GraphJsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
