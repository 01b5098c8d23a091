using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// Answers one Graph request against a tenant: throttle, faults, then the collection routes.
/// Shared by plain HTTP requests and $batch inner requests so both behave the same.
/// </summary>
internal static class GraphRequestProcessor
{
    public static GraphResult Handle(EmulatorTenant tenant, GraphCall call)
    {
        var requestId = Guid.NewGuid().ToString();
        var now = tenant.Time.GetUtcNow();
        var faults = tenant.Faults;
        try
        {
            var isWrite = !HttpMethodsEqual(call.Method, "GET") && !HttpMethodsEqual(call.Method, "HEAD");
            // Entra identity routes (conditional access) have their own budget, apart from Intune's, as in Graph.
            var identity = IsIdentityRoute(call.RelativePath);
            var wait = identity
                ? tenant.IdentityThrottle.TryAdmit(faults.IdentityRequestBudgetPer20s, faults.IdentityWriteBudgetPer20s, isWrite, faults.ThrottleWindow)
                : tenant.Throttle.TryAdmit(faults.RequestBudgetPer20s, faults.WriteBudgetPer20s, isWrite, faults.ThrottleWindow);
            if (wait is { } w)
            {
                var throttled = GraphErrors.Create(429, faults.ThrottleErrorCode,
                    "Too many requests. The request was throttled; retry after the interval given in Retry-After.",
                    requestId, call.ClientRequestId, now);
                // Graph documents no Retry-After on 429s of conditional access policies and named locations.
                if (!identity)
                {
                    var retryAfter = faults.RetryAfterSeconds is { } configured
                        ? GraphErrors.FormatSeconds(configured)
                        : Math.Max(1, (int)Math.Ceiling(w.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    throttled.Headers.Add(new("Retry-After", retryAfter));
                }

                return throttled;
            }

            if (faults.DrawServiceUnavailable())
            {
                var unavailable = GraphErrors.Create(503, "ServiceUnavailable",
                    "The service is temporarily unavailable. Please retry.", requestId, call.ClientRequestId, now);
                if (faults.ServiceUnavailableRetryAfterSeconds is { } s)
                {
                    unavailable.Headers.Add(new("Retry-After", GraphErrors.FormatSeconds(s)));
                }

                return unavailable;
            }

            var segments = call.RelativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (faults.MatchScript(call.Method, call.RelativePath, segments) is { } script)
            {
                var scripted = GraphErrors.Create(script.Status, script.Code, script.Message, requestId, call.ClientRequestId, now);
                if (script.RetryAfterSeconds is { } s)
                {
                    scripted.Headers.Add(new("Retry-After", GraphErrors.FormatSeconds(s)));
                }

                return scripted;
            }

            return DirectoryObjectRoutes.TryHandle(tenant, call, segments, requestId, out var directory)
                ? directory
                : NestedCollectionRoutes.TryHandle(tenant, call, segments, requestId, now, out var nested)
                    ? nested
                    : IntentRoutes.TryHandle(tenant, call, segments, requestId, now, out var intent)
                        ? intent
                        : Route(tenant, call, segments, requestId, now);
        }
        catch (GraphRequestException ex)
        {
            return GraphErrors.Create(ex.Status, ex.Code, ex.Message, requestId, call.ClientRequestId, now);
        }
    }

    private static bool IsIdentityRoute(string relativePath) =>
        relativePath.TrimStart('/').StartsWith("identity/", StringComparison.OrdinalIgnoreCase);

    private static bool HttpMethodsEqual(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static GraphResult Route(EmulatorTenant tenant, GraphCall call, string[] segments, string requestId, DateTimeOffset now)
    {
        if (segments.Length < 2)
        {
            throw new GraphRequestException(400, "BadRequest",
                $"Resource not found for the segment '{(segments.Length == 0 ? string.Empty : segments[0])}'.");
        }

        if (string.Equals($"{segments[0]}/{segments[1]}", "deviceManagement/groupPolicyDefinitions", StringComparison.OrdinalIgnoreCase))
        {
            return GroupPolicyRoutes.Catalog(call, segments, requestId);
        }

        // Most collections sit two segments deep (deviceManagement/deviceConfigurations); Entra's sit three deep
        // (identity/conditionalAccess/policies). Past the collection the routes are the same: drop the extra segment.
        PolicyCollectionDescriptor? d = null;
        if (segments.Length >= 3 && PolicyCollectionDescriptor.Find($"{segments[0]}/{segments[1]}/{segments[2]}") is { } deep)
        {
            d = deep;
            segments = segments[1..];
        }

        d ??= PolicyCollectionDescriptor.Find($"{segments[0]}/{segments[1]}")
            ?? throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[^1]}'.");
        var store = tenant.StoreFor(d);
        var method = call.Method.ToUpperInvariant();
        var query = ODataQuery.Parse(call.Query);

        switch (segments.Length, method)
        {
            case (2, "GET"):
                return List(tenant, d, store, call, query, requestId);
            case (2, "POST"):
                return Create(d, store, call, query, requestId, now);
            case (2, _):
                throw MethodNotAllowed(method);
        }

        var id = segments[2];
        if (segments.Length == 3)
        {
            return method switch
            {
                "GET" => Get(d, store, id, call, query, requestId),
                "PATCH" => Update(d, store, id, call, now, requestId, replace: false),
                "PUT" when d.SupportsPut => Update(d, store, id, call, now, requestId, replace: true),
                "DELETE" => Delete(d, store, id, requestId),
                _ => throw MethodNotAllowed(method),
            };
        }

        if (d == PolicyCollectionDescriptor.GroupPolicyConfigurations && segments.Length is >= 4 and <= 7 &&
            string.Equals(segments[3], GroupPolicyRoutes.DefinitionValues, StringComparison.Ordinal))
        {
            lock (store.Gate)
            {
                return GroupPolicyRoutes.Handle(d, FindOrThrow(d, store, id), segments, call, requestId, now);
            }
        }

        if (segments.Length == 4)
        {
            var nav = segments[3];
            if (nav is "assignments" or "assign" && !d.HasAssignments)
            {
                throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{nav}'.");
            }

            if (d.ChildCollections.Contains(nav, StringComparer.OrdinalIgnoreCase))
            {
                return method switch
                {
                    "GET" => Navigation(d, store, id, call, requestId, nav, p => p.Children[nav]),
                    "POST" => CreateChild(d, store, id, nav, call, requestId, now),
                    _ => throw MethodNotAllowed(method),
                };
            }

            if (nav == "setPriority" && d.PriorityProperty is { } priorityProperty)
            {
                return method == "POST" ? SetPriority(d, store, id, priorityProperty, call, now, requestId) : throw MethodNotAllowed(method);
            }

            return (nav, method) switch
            {
                ("assignments", "GET") => Navigation(d, store, id, call, requestId, "assignments", p => p.Assignments),
                ("settings", "GET") when d.HasSettings => Navigation(d, store, id, call, requestId, "settings", p => p.Settings ?? []),
                ("scheduledActionsForRule", "GET") when d.HasScheduledActions =>
                    Navigation(d, store, id, call, requestId, "scheduledActionsForRule", p => p.ScheduledActions ?? []),
                ("assign", "POST") when d.AssignmentsByCollection =>
                    throw new GraphRequestException(400, "BadRequest", "Resource not found for the segment 'assign'."),
                ("assignments", "POST") when d.AssignmentsByCollection => AddAssignment(d, store, id, call, requestId),
                ("assign", "POST") => Assign(tenant, d, store, id, call, now, requestId),
                ("assignments" or "settings" or "scheduledActionsForRule" or "assign", _) => throw MethodNotAllowed(method),
                _ => throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{nav}'."),
            };
        }

        if (segments.Length == 5 && segments[3] == "assignments" && d.AssignmentsByCollection)
        {
            return method switch
            {
                "DELETE" => RemoveAssignment(d, store, id, segments[4], requestId),
                _ => throw MethodNotAllowed(method),
            };
        }

        if (segments.Length == 5 && d.ChildCollections.Contains(segments[3], StringComparer.OrdinalIgnoreCase))
        {
            return Child(d, store, id, segments[3], segments[4], method, call, requestId, now);
        }

        throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[4]}'.");
    }

    private static GraphResult AddAssignment(PolicyCollectionDescriptor d, PolicyStore store, string id, GraphCall call, string requestId)
    {
        var payload = RequireObject(call.Body);
        foreach (var (name, _) in payload)
        {
            if (name is not "id" && !name.StartsWith('@') && !d.AssignmentProperties.Contains(name, StringComparer.Ordinal))
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"The property '{name}' does not exist on type '{d.AssignmentODataType.TrimStart('#')}'.");
            }
        }

        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            var stored = PolicyPayload.NormalizeAssignments(d, policy.Id, [payload.DeepClone()]).Single()!.AsObject();
            // A new id per assignment (the id scheme of assign would collide for two posts of one group).
            stored["id"] = Guid.NewGuid().ToString();
            policy.Assignments.Add(stored.DeepClone());
            return new GraphResult(201, GraphJson.Write(w => stored.WriteTo(w)), requestId);
        }
    }

    private static GraphResult RemoveAssignment(PolicyCollectionDescriptor d, PolicyStore store, string id, string assignmentId, string requestId)
    {
        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            var existing = policy.Assignments.OfType<JsonObject>()
                .FirstOrDefault(a => string.Equals(a["id"]?.GetValue<string>(), assignmentId, StringComparison.OrdinalIgnoreCase))
                ?? throw new GraphRequestException(404, "ResourceNotFound", $"Resource not found: no assignment with id '{assignmentId}'.");
            policy.Assignments.Remove(existing);
            return new GraphResult(204, null, requestId);
        }
    }

    private static GraphResult CreateChild(PolicyCollectionDescriptor d, PolicyStore store, string id, string nav, GraphCall call, string requestId, DateTimeOffset now)
    {
        var payload = RequireObject(call.Body);
        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            var child = PolicyPayload.NewChild(payload, now);
            policy.Children[nav].Add(child);
            PolicyPayload.Touch(d, policy, now);
            return new GraphResult(201, GraphJson.Write(w => child.WriteTo(w)), requestId);
        }
    }

    private static GraphResult Child(
        PolicyCollectionDescriptor d, PolicyStore store, string id, string nav, string childId, string method, GraphCall call, string requestId, DateTimeOffset now)
    {
        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            var items = policy.Children[nav];
            var child = items.OfType<JsonObject>().FirstOrDefault(c => string.Equals(c["id"]?.GetValue<string>(), childId, StringComparison.OrdinalIgnoreCase))
                ?? throw new GraphRequestException(404, "ResourceNotFound", $"Resource not found: no '{nav}' item with id '{childId}'.");
            switch (method)
            {
                case "GET":
                    return new GraphResult(200, GraphJson.Write(w => child.WriteTo(w)), requestId);
                case "PATCH":
                    foreach (var (key, value) in RequireObject(call.Body))
                    {
                        if (key is not "id" and not "lastModifiedDateTime" && !key.StartsWith('@'))
                        {
                            child[key] = value?.DeepClone();
                        }
                    }

                    child["lastModifiedDateTime"] = PolicyPayload.Timestamp(now);
                    PolicyPayload.Touch(d, policy, now);
                    return new GraphResult(204, null, requestId);
                case "DELETE":
                    items.Remove(child);
                    PolicyPayload.Touch(d, policy, now);
                    return new GraphResult(204, null, requestId);
                default:
                    throw MethodNotAllowed(method);
            }
        }
    }

    private static GraphResult SetPriority(
        PolicyCollectionDescriptor d, PolicyStore store, string id, string property, GraphCall call, DateTimeOffset now, string requestId)
    {
        var payload = RequireObject(call.Body);
        foreach (var (name, _) in payload)
        {
            if (name != property && !name.StartsWith('@'))
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"The parameter '{name}' in the request payload is not a valid parameter for the operation 'setPriority'.");
            }
        }

        if (payload[property] is not JsonValue v || !v.TryGetValue<int>(out var priority) || priority < 1)
        {
            throw new GraphRequestException(400, "BadRequest", $"'{property}' must be a positive integer.");
        }

        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            if (policy.Body[property] is JsonValue current && current.TryGetValue<int>(out var c) && c == 0)
            {
                throw new GraphRequestException(400, "BadRequest", "The priority of a default configuration cannot be changed.");
            }

            policy.Body[property] = priority;
            PolicyPayload.Touch(d, policy, now);
        }

        return new GraphResult(204, null, requestId);
    }

    /// <summary>The next free priority of the collection (Graph assigns it on create; defaults hold 0).</summary>
    internal static void AssignPriority(PolicyCollectionDescriptor d, PolicyStore store, StoredPolicy policy)
    {
        if (d.PriorityProperty is not { } property || policy.Body[property] is JsonValue { } existing && existing.TryGetValue<int>(out _))
        {
            return;
        }

        var max = store.Items.Where(p => d.Admits(EmulatorTenant.TypeOf(p)))
            .Select(p => p.Body[property] is JsonValue pv && pv.TryGetValue<int>(out var n) ? n : 0)
            .DefaultIfEmpty(0).Max();
        policy.Body[property] = max + 1;
    }

    internal static GraphRequestException MethodNotAllowed(string method) =>
        new(405, "BadRequest", $"The HTTP method '{method}' is not supported on this resource.");

    /// <param name="parentId">For a nested collection: only the objects under this parent.</param>
    internal static GraphResult List(EmulatorTenant tenant, PolicyCollectionDescriptor d, PolicyStore store, GraphCall call, ODataQuery query, string requestId, string? parentId = null)
    {
        var expand = ResolveExpand(d, query);
        var top = Math.Min(query.Top ?? DefaultPageSize(tenant), MaxPageSize(tenant));
        var body = GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{call.ServiceRoot}$metadata#{d.Path}");
            var nextOffset = -1;
            lock (store.Gate)
            {
                var matched = 0;
                var written = 0;
                w.WriteStartArray("value");
                foreach (var policy in store.Items)
                {
                    if (!d.Admits(EmulatorTenant.TypeOf(policy)) || (!tenant.Faults.IgnoreFilter && !MatchesFilter(policy, query)) ||
                        (parentId is not null && !policy.Id.StartsWith(parentId + "/", StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

                    if (matched++ < query.Offset)
                    {
                        continue;
                    }

                    if (written == top)
                    {
                        // $top=0 asks for no items; a nextLink would point at the same page forever.
                        nextOffset = top == 0 ? -1 : query.Offset + written;
                        break;
                    }

                    WriteEntity(w, policy, d, expand, query.Select, call);
                    written++;
                }

                w.WriteEndArray();
            }

            if (nextOffset >= 0)
            {
                w.WriteString("@odata.nextLink", NextLink(d, call, query, top, nextOffset));
            }

            w.WriteEndObject();
        });
        return new GraphResult(200, body, requestId);
    }

    private static int DefaultPageSize(EmulatorTenant tenant) => Math.Max(1, tenant.State.DefaultPageSize);

    private static int MaxPageSize(EmulatorTenant tenant) => Math.Max(1, tenant.State.MaxPageSize);

    private static string NextLink(PolicyCollectionDescriptor d, GraphCall call, ODataQuery query, int top, int offset)
    {
        // A nested collection's path names its parent ({parentId} in the descriptor): the link repeats the request's own path.
        var sb = new StringBuilder(call.ServiceRoot).Append(d.ParentCollection is null ? d.Path : call.RelativePath.Trim('/')).Append('?');
        if (query.RawFilter is { } f)
        {
            sb.Append("$filter=").Append(Uri.EscapeDataString(f)).Append('&');
        }

        if (query.RawSelect is { } s)
        {
            sb.Append("$select=").Append(Uri.EscapeDataString(s)).Append('&');
        }

        if (query.RawExpand is { } e)
        {
            sb.Append("$expand=").Append(Uri.EscapeDataString(e)).Append('&');
        }

        if (query.Top is not null)
        {
            sb.Append("$top=").Append(top).Append('&');
        }

        sb.Append("$skiptoken=").Append(ODataQuery.EncodeSkipToken(offset));
        return sb.ToString();
    }

    private static bool MatchesFilter(StoredPolicy policy, ODataQuery query)
    {
        if (query.FilterProperty is null)
        {
            return true;
        }

        return policy.Body[query.FilterProperty] is JsonValue v && v.TryGetValue<string>(out var s) &&
               string.Equals(s, query.FilterValue, StringComparison.OrdinalIgnoreCase);
    }

    internal static GraphResult Get(PolicyCollectionDescriptor d, PolicyStore store, string id, GraphCall call, ODataQuery query, string requestId)
    {
        var expand = ResolveExpand(d, query);
        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            var body = GraphJson.Write(w => WriteEntity(w, policy, d, expand, query.Select, call, $"{call.ServiceRoot}$metadata#{d.Path}/$entity"));
            return new GraphResult(200, body, requestId);
        }
    }

    internal static GraphResult Create(PolicyCollectionDescriptor d, PolicyStore store, GraphCall call, ODataQuery query, string requestId, DateTimeOffset now, string? parentId = null)
    {
        var payload = RequireObject(call.Body);
        EmulatorSchema.CheckKnownProperties(d, payload, payload["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : d.TypeFilter);
        var policy = PolicyPayload.Create(d, payload, now, fromClient: true, parentId: parentId);
        lock (store.Gate)
        {
            AssignPriority(d, store, policy);
            store.Add(policy);
            var body = GraphJson.Write(w => WriteEntity(w, policy, d, ExpandSet.None, null, call, $"{call.ServiceRoot}$metadata#{d.Path}/$entity"));
            return new GraphResult(201, body, requestId);
        }
    }

    internal static GraphResult Update(PolicyCollectionDescriptor d, PolicyStore store, string id, GraphCall call, DateTimeOffset now, string requestId, bool replace)
    {
        var payload = RequireObject(call.Body);
        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            EmulatorSchema.CheckKnownProperties(d, payload, EmulatorTenant.TypeOf(policy));
            if (replace)
            {
                PolicyPayload.Replace(d, policy, payload, now);
            }
            else
            {
                PolicyPayload.Patch(d, policy, payload, now);
            }
        }

        return new GraphResult(204, null, requestId);
    }

    internal static GraphResult Delete(PolicyCollectionDescriptor d, PolicyStore store, string id, string requestId)
    {
        if (d.ProtectedIds.Contains(id, StringComparer.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(400, "BadRequest", $"The built-in object '{id}' cannot be deleted.");
        }

        lock (store.Gate)
        {
            FindOrThrow(d, store, id);
            store.Remove(id);
        }

        return new GraphResult(204, null, requestId);
    }

    private static GraphResult Navigation(PolicyCollectionDescriptor d, PolicyStore store, string id, GraphCall call, string requestId, string name, Func<StoredPolicy, JsonArray> items)
    {
        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            var body = GraphJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", $"{call.ServiceRoot}$metadata#{d.Path}('{id}')/{name}");
                w.WritePropertyName("value");
                items(policy).WriteTo(w);
                w.WriteEndObject();
            });
            return new GraphResult(200, body, requestId);
        }
    }

    private static GraphResult Assign(EmulatorTenant tenant, PolicyCollectionDescriptor d, PolicyStore store, string id, GraphCall call, DateTimeOffset now, string requestId)
    {
        var payload = RequireObject(call.Body);
        // OData binds action parameters by name: a name the action does not declare is a 400, never ignored.
        foreach (var (name, _) in payload)
        {
            if (!name.StartsWith('@') && !d.AssignBodyProperties.Contains(name, StringComparer.Ordinal))
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"The parameter '{name}' in the request payload is not a valid parameter for the operation 'assign'.");
            }
        }

        JsonArray? input = null;
        foreach (var name in d.AssignBodyProperties)
        {
            if (payload[name] is JsonArray array)
            {
                input = array;
                break;
            }
        }

        if (input is null)
        {
            throw new GraphRequestException(400, "BadRequest",
                $"The request body must contain '{d.AssignBodyProperties[0]}' as an array.");
        }

        var assignmentType = d.AssignmentODataType.TrimStart('#');
        foreach (var assignment in input.OfType<JsonObject>())
        {
            foreach (var (name, _) in assignment)
            {
                if (name is not "id" && !name.StartsWith('@') && !d.AssignmentProperties.Contains(name, StringComparer.Ordinal))
                {
                    throw new GraphRequestException(400, "BadRequest",
                        $"The property '{name}' does not exist on type '{assignmentType}'. Make sure to only use property names that are defined by the type or mark the type as open type.");
                }
            }
        }

        if (tenant.Faults.AssignDropsTargets)
        {
            input = [];
        }

        lock (store.Gate)
        {
            var policy = FindOrThrow(d, store, id);
            policy.Assignments = PolicyPayload.NormalizeAssignments(d, policy.Id, input);
            PolicyPayload.SetCounts(d, policy);
            if (!d.AssignReturnsCollection)
            {
                return new GraphResult(204, null, requestId);
            }

            var body = GraphJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", $"{call.ServiceRoot}$metadata#Collection({assignmentType})");
                w.WritePropertyName("value");
                policy.Assignments.WriteTo(w);
                w.WriteEndObject();
            });
            return new GraphResult(200, body, requestId);
        }
    }

    internal static StoredPolicy FindOrThrow(PolicyCollectionDescriptor d, PolicyStore store, string id)
    {
        var policy = store.Get(id);
        if (policy is null || !d.Admits(EmulatorTenant.TypeOf(policy)))
        {
            throw new GraphRequestException(404, "ResourceNotFound",
                $"Resource not found: no object with id '{id}' in '{d.Path}'.");
        }

        return policy;
    }

    private static JsonObject RequireObject(JsonNode? body) =>
        body as JsonObject ?? throw new GraphRequestException(400, "BadRequest", "The request body must be a JSON object.");

    private static ExpandSet ResolveExpand(PolicyCollectionDescriptor d, ODataQuery query)
    {
        var set = ExpandSet.None;
        foreach (var (name, nested) in query.Expand)
        {
            if (d.ChildCollections.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                set |= ExpandSet.Children;
            }
            else if (name.Equals("assignments", StringComparison.OrdinalIgnoreCase) && d.HasAssignments)
            {
                set |= ExpandSet.Assignments;
            }
            else if (d.HasSettings && name.Equals("settings", StringComparison.OrdinalIgnoreCase))
            {
                set |= ExpandSet.Settings;
            }
            else if (d.HasScheduledActions && name.Equals("scheduledActionsForRule", StringComparison.OrdinalIgnoreCase))
            {
                set |= ExpandSet.ScheduledActions;
                if (nested?.Contains("scheduledActionConfigurations", StringComparison.OrdinalIgnoreCase) == true)
                {
                    set |= ExpandSet.ScheduledActionConfigurations;
                }
            }
            else
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"Could not find a property named '{name}' on type '{d.Path}'.");
            }
        }

        return set;
    }

    private static void WriteEntity(Utf8JsonWriter w, StoredPolicy policy, PolicyCollectionDescriptor d, ExpandSet expand, HashSet<string>? select, GraphCall call, string? context = null)
    {
        w.WriteStartObject();
        if (context is not null)
        {
            w.WriteString("@odata.context", context);
        }

        foreach (var (key, value) in policy.Body)
        {
            if (select is not null && key is not ("id" or "@odata.type") && !select.Contains(key))
            {
                continue;
            }

            w.WritePropertyName(key);
            if (value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                value.WriteTo(w);
            }
        }

        var entityUrl = $"{call.ServiceRoot}$metadata#{d.Path}('{policy.Id}')";
        if (expand.HasFlag(ExpandSet.Settings))
        {
            w.WriteString("settings@odata.context", $"{entityUrl}/settings");
            w.WritePropertyName("settings");
            (policy.Settings ?? []).WriteTo(w);
        }

        if (expand.HasFlag(ExpandSet.ScheduledActions))
        {
            w.WriteString("scheduledActionsForRule@odata.context", $"{entityUrl}/scheduledActionsForRule");
            w.WriteStartArray("scheduledActionsForRule");
            foreach (var rule in (policy.ScheduledActions ?? []).OfType<JsonObject>())
            {
                w.WriteStartObject();
                foreach (var (key, value) in rule)
                {
                    if (key == "scheduledActionConfigurations" && !expand.HasFlag(ExpandSet.ScheduledActionConfigurations))
                    {
                        continue;
                    }

                    w.WritePropertyName(key);
                    if (value is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(w);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (expand.HasFlag(ExpandSet.Children))
        {
            foreach (var (name, items) in policy.Children)
            {
                w.WriteString($"{name}@odata.context", $"{entityUrl}/{name}");
                w.WritePropertyName(name);
                if (d == PolicyCollectionDescriptor.GroupPolicyConfigurations)
                {
                    new JsonArray([.. items.OfType<JsonObject>().Select(GroupPolicyRoutes.Public)]).WriteTo(w);
                }
                else
                {
                    items.WriteTo(w);
                }
            }
        }

        if (expand.HasFlag(ExpandSet.Assignments))
        {
            w.WriteString("assignments@odata.context", $"{entityUrl}/assignments");
            w.WritePropertyName("assignments");
            policy.Assignments.WriteTo(w);
        }

        w.WriteEndObject();
    }

    [Flags]
    private enum ExpandSet
    {
        None = 0,
        Settings = 1,
        Assignments = 2,
        ScheduledActions = 4,
        ScheduledActionConfigurations = 8,
        Children = 16,
    }
}
