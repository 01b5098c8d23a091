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
/// <item><c>deviceManagement/assignmentFilters</c> and <c>deviceManagement/roleScopeTags</c>: list, get, create (POST,
/// 201; displayName required, a filter also needs a known platform and a rule; server-owned properties refused),
/// delete. The built-in scope tag 0 (Default) cannot be deleted.</item>
/// </list>
/// Filters and scope tags are served here only while no policy collection of that path is declared.
/// </summary>
internal static class DirectoryObjectRoutes
{
    private const int DefaultGroupPage = 100;
    private const int MaxGroupPage = 999;

    private static readonly HashSet<string> GroupFilterProperties = new(StringComparer.OrdinalIgnoreCase) { "displayName", "mailNickname", "id" };

    private static readonly HashSet<string> FilterPlatforms = new(StringComparer.Ordinal)
    {
        "android", "androidForWork", "iOS", "macOS", "windowsPhone81", "windows81AndLater", "windows10AndLater", "androidWorkProfile",
        "unknown", "androidAOSP", "androidMobileApplicationManagement", "iOSMobileApplicationManagement", "windowsMobileApplicationManagement",
    };

    private static readonly HashSet<string> FilterWritable = new(StringComparer.Ordinal)
    {
        "@odata.type", "displayName", "description", "platform", "rule", "roleScopeTags", "assignmentFilterManagementType",
    };

    private static readonly HashSet<string> ScopeTagWritable = new(StringComparer.Ordinal) { "@odata.type", "displayName", "description" };

    public static bool TryHandle(EmulatorTenant tenant, GraphCall call, string[] segments, string requestId, out GraphResult result)
    {
        result = null!;
        if (segments.Length >= 1 && string.Equals(segments[0], "groups", StringComparison.OrdinalIgnoreCase))
        {
            result = Groups(tenant.Directory(), call, segments, requestId);
            return true;
        }

        if (segments.Length >= 2 && string.Equals(segments[0], "deviceManagement", StringComparison.OrdinalIgnoreCase)
            && segments[1] is var collection
            && (string.Equals(collection, "assignmentFilters", StringComparison.OrdinalIgnoreCase)
                || string.Equals(collection, "roleScopeTags", StringComparison.OrdinalIgnoreCase))
            && PolicyCollectionDescriptor.Find($"{segments[0]}/{segments[1]}") is null)
        {
            var isFilter = string.Equals(collection, "assignmentFilters", StringComparison.OrdinalIgnoreCase);
            result = IntuneObjects(tenant.Directory(), call, segments, requestId, isFilter);
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

    private static GraphResult IntuneObjects(EmulatorDirectory directory, GraphCall call, string[] segments, string requestId, bool isFilter)
    {
        var path = isFilter ? "deviceManagement/assignmentFilters" : "deviceManagement/roleScopeTags";
        var method = call.Method.ToUpperInvariant();
        var query = Parse(call.Query, isFilter ? "deviceAndAppManagementAssignmentFilter" : "roleScopeTag");
        if (query.FilterProperty is not null)
        {
            throw new GraphRequestException(400, "BadRequest", $"Filtering is not supported on {path} by the emulator; list and compare client-side.");
        }

        lock (directory.Gate)
        {
            var store = isFilter ? directory.Filters : directory.ScopeTags;
            switch (segments.Length, method)
            {
                case (2, "GET"):
                    return Page(call, path, store.Select(o => Selected(o, query.Select)).ToList(), query, query.Top ?? 1000, requestId);
                case (2, "POST"):
                    var body = call.Body as JsonObject ?? throw new GraphRequestException(400, "BadRequest", "A JSON object is required.");
                    var created = isFilter ? CreateFilter(directory, body) : CreateScopeTag(directory, body);
                    return Entity(call, path + "/$entity", created, requestId, 201);
                case (2, _):
                    throw new GraphRequestException(405, "BadRequest", $"The HTTP method '{method}' is not supported on this resource.");
                case (3, "GET"):
                    return Entity(call, path + "/$entity", Selected(FindOrThrow(store, segments[2], isFilter), query.Select), requestId);
                case (3, "DELETE"):
                    var found = FindOrThrow(store, segments[2], isFilter);
                    if (!isFilter && found["isBuiltIn"] is JsonValue b && b.GetValue<bool>())
                    {
                        throw new GraphRequestException(400, "BadRequest", "The built-in scope tag cannot be deleted.");
                    }

                    store.Remove(found);
                    return new GraphResult(204, null, requestId);
                case (3, _):
                    throw new GraphRequestException(405, "BadRequest", $"The HTTP method '{method}' is not supported on this resource.");
                default:
                    throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[3]}'.");
            }
        }
    }

    private static JsonObject CreateFilter(EmulatorDirectory directory, JsonObject body)
    {
        RefuseUnknown(body, FilterWritable, "deviceAndAppManagementAssignmentFilter");
        var name = RequiredString(body, "displayName");
        var platform = RequiredString(body, "platform");
        if (!FilterPlatforms.Contains(platform))
        {
            throw new GraphRequestException(400, "BadRequest", $"Requested value '{platform}' was not found in the enum 'devicePlatformType'.");
        }

        RequiredString(body, "rule");
        if (directory.Filters.Any(f => string.Equals(f["displayName"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new GraphRequestException(400, "BadRequest", $"An assignment filter named '{name}' already exists.");
        }

        var filter = directory.NewFilter(Guid.NewGuid(), body);
        directory.Filters.Add(filter);
        return filter;
    }

    private static JsonObject CreateScopeTag(EmulatorDirectory directory, JsonObject body)
    {
        RefuseUnknown(body, ScopeTagWritable, "roleScopeTag");
        var name = RequiredString(body, "displayName");
        if (directory.ScopeTags.Any(t => string.Equals(t["displayName"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new GraphRequestException(400, "BadRequest", $"A scope tag named '{name}' already exists.");
        }

        return directory.AddScopeTagLocked(body);
    }

    private static void RefuseUnknown(JsonObject body, HashSet<string> writable, string type)
    {
        foreach (var (name, _) in body)
        {
            if (!writable.Contains(name))
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"Invalid request: the property '{name}' does not exist on type 'microsoft.graph.{type}' or cannot be written.");
            }
        }
    }

    private static string RequiredString(JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)
            ? s
            : throw new GraphRequestException(400, "BadRequest", $"The property '{name}' is required.");

    private static JsonObject FindOrThrow(List<JsonObject> store, string id, bool isFilter) =>
        store.FirstOrDefault(o => string.Equals(o["id"]!.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase))
        ?? throw new GraphRequestException(404, "ResourceNotFound",
            $"{(isFilter ? "Assignment filter" : "Scope tag")} with id '{id}' was not found.");

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
