using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// Intents and the templates they are made from (Graph beta, deviceintent): as strict as Graph for what our client uses.
/// <list type="bullet">
/// <item><c>GET deviceManagement/templates</c>, <c>GET templates/{id}</c> (404 for an unknown template).</item>
/// <item><c>POST templates/{id}/createInstance</c> with displayName, description, settingsDelta, roleScopeTagIds: any other
/// parameter, a missing displayName, a setting without @odata.type or with a definitionId the template does not have, or a
/// property a setting instance does not define is 400; the answer (200) is the new intent, its settings the delta.</item>
/// <item><c>POST intents/{id}/updateSettings</c> with settings: the same checks against the intent's template; each setting
/// replaces the intent's setting of its definitionId or is added; 204.</item>
/// <item><c>POST intents</c> must name a known templateId (404 otherwise); the rest is the intents collection's own route.</item>
/// </list>
/// </summary>
internal static class IntentRoutes
{
    private static readonly string[] CreateInstanceParameters = ["displayName", "description", "settingsDelta", "roleScopeTagIds"];
    private static readonly string[] SettingProperties = ["@odata.type", "id", "definitionId", "valueJson", "value"];

    public static bool TryHandle(EmulatorTenant tenant, GraphCall call, string[] segments, string requestId, DateTimeOffset now, out GraphResult result)
    {
        result = null!;
        if (segments.Length < 2 || !string.Equals(segments[0], "deviceManagement", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var method = call.Method.ToUpperInvariant();
        if (string.Equals(segments[1], "templates", StringComparison.OrdinalIgnoreCase))
        {
            result = Templates(tenant, call, segments, method, requestId, now);
            return true;
        }

        if (!string.Equals(segments[1], "intents", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (segments.Length == 2 && method == "POST" && call.Body is JsonObject body &&
            body["templateId"] is JsonValue t && t.TryGetValue<string>(out var templateId) && IntentTemplates.Find(templateId) is null)
        {
            throw new GraphRequestException(404, "ResourceNotFound", $"Resource not found: no template with id '{templateId}'.");
        }

        if (segments.Length == 4 && string.Equals(segments[3], "updateSettings", StringComparison.OrdinalIgnoreCase))
        {
            result = method == "POST" ? UpdateSettings(tenant, call, segments[2], requestId, now) : throw GraphRequestProcessor.MethodNotAllowed(method);
            return true;
        }

        return false;
    }

    private static GraphResult Templates(EmulatorTenant tenant, GraphCall call, string[] segments, string method, string requestId, DateTimeOffset now)
    {
        if (segments.Length == 2)
        {
            return method == "GET"
                ? new GraphResult(200, GraphJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", $"{call.ServiceRoot}$metadata#deviceManagement/templates");
                    w.WriteStartArray("value");
                    foreach (var template in IntentTemplates.All)
                    {
                        template.ToJson().WriteTo(w);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }), requestId)
                : throw GraphRequestProcessor.MethodNotAllowed(method);
        }

        var template = IntentTemplates.Find(segments[2])
            ?? throw new GraphRequestException(404, "ResourceNotFound", $"Resource not found: no template with id '{segments[2]}'.");
        if (segments.Length == 3)
        {
            return method == "GET" ? new GraphResult(200, GraphJson.Write(w => template.ToJson().WriteTo(w)), requestId) : throw GraphRequestProcessor.MethodNotAllowed(method);
        }

        if (segments.Length == 4 && string.Equals(segments[3], "createInstance", StringComparison.OrdinalIgnoreCase))
        {
            return method == "POST" ? CreateInstance(tenant, template, call, requestId, now) : throw GraphRequestProcessor.MethodNotAllowed(method);
        }

        throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[3]}'.");
    }

    private static GraphResult CreateInstance(EmulatorTenant tenant, IntentTemplates.Template template, GraphCall call, string requestId, DateTimeOffset now)
    {
        var payload = call.Body as JsonObject ?? throw new GraphRequestException(400, "BadRequest", "The request body must be a JSON object.");
        CheckParameters(payload, CreateInstanceParameters, "createInstance");
        if (payload["displayName"] is not JsonValue name || !name.TryGetValue<string>(out var displayName) || string.IsNullOrWhiteSpace(displayName))
        {
            throw new GraphRequestException(400, "BadRequest", "Property 'displayName' is required.");
        }

        var settings = CheckSettings(template, payload["settingsDelta"], "settingsDelta");
        var intent = new JsonObject
        {
            ["displayName"] = displayName,
            ["description"] = payload["description"]?.DeepClone() ?? string.Empty,
            ["isAssigned"] = false,
            ["templateId"] = template.Id,
            ["roleScopeTagIds"] = payload["roleScopeTagIds"]?.DeepClone() ?? new JsonArray("0"),
            ["settings"] = settings,
        };
        var d = PolicyCollectionDescriptor.Intents;
        var store = tenant.StoreFor(d);
        var policy = PolicyPayload.Create(d, intent, now, fromClient: false);
        lock (store.Gate)
        {
            store.Add(policy);
        }

        return GraphRequestProcessor.Get(d, store, policy.Id, call, ODataQuery.Parse(string.Empty), requestId);
    }

    private static GraphResult UpdateSettings(EmulatorTenant tenant, GraphCall call, string intentId, string requestId, DateTimeOffset now)
    {
        var payload = call.Body as JsonObject ?? throw new GraphRequestException(400, "BadRequest", "The request body must be a JSON object.");
        CheckParameters(payload, ["settings"], "updateSettings");
        var d = PolicyCollectionDescriptor.Intents;
        var store = tenant.StoreFor(d);
        lock (store.Gate)
        {
            var policy = GraphRequestProcessor.FindOrThrow(d, store, intentId);
            var template = IntentTemplates.Find(policy.Body["templateId"]?.GetValue<string>())
                ?? throw new GraphRequestException(400, "BadRequest", "The intent's template does not exist.");
            var wanted = CheckSettings(template, payload["settings"], "settings");
            var current = policy.Children["settings"];
            foreach (var setting in wanted.OfType<JsonObject>().ToList())
            {
                var definitionId = setting["definitionId"]!.GetValue<string>();
                var existing = current.OfType<JsonObject>().FirstOrDefault(s => s["definitionId"]?.GetValue<string>() == definitionId);
                var stored = PolicyPayload.NewChild(setting, now);
                if (existing is not null)
                {
                    stored["id"] = existing["id"]!.DeepClone();
                    current[current.IndexOf(existing)] = stored;
                }
                else
                {
                    current.Add(stored);
                }
            }

            PolicyPayload.Touch(d, policy, now);
        }

        return new GraphResult(204, null, requestId);
    }

    private static void CheckParameters(JsonObject payload, string[] parameters, string action)
    {
        foreach (var (name, _) in payload)
        {
            if (!name.StartsWith('@') && !parameters.Contains(name, StringComparer.Ordinal))
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"The parameter '{name}' in the request payload is not a valid parameter for the operation '{action}'.");
            }
        }
    }

    /// <summary>Setting instances of the template, without ids (the server gives them).</summary>
    private static JsonArray CheckSettings(IntentTemplates.Template template, JsonNode? node, string parameter)
    {
        var result = new JsonArray();
        if (node is null)
        {
            return result;
        }

        foreach (var item in node as JsonArray ?? throw new GraphRequestException(400, "BadRequest", $"'{parameter}' must be a collection."))
        {
            var setting = item as JsonObject ?? throw new GraphRequestException(400, "BadRequest", $"Each item of '{parameter}' must be an object.");
            if (setting["@odata.type"] is not JsonValue type || !type.TryGetValue<string>(out var odataType) ||
                !odataType.EndsWith("SettingInstance", StringComparison.Ordinal))
            {
                throw new GraphRequestException(400, "BadRequest", $"Each item of '{parameter}' needs the @odata.type of a deviceManagementSettingInstance.");
            }

            if (setting.FirstOrDefault(p => !SettingProperties.Contains(p.Key, StringComparer.Ordinal)) is { Key: { } unknown })
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"The property '{unknown}' does not exist on type '{odataType.TrimStart('#')}'.");
            }

            if (setting["definitionId"] is not JsonValue d || !d.TryGetValue<string>(out var definitionId) || !template.DefinitionIds.Contains(definitionId))
            {
                throw new GraphRequestException(400, "BadRequest",
                    $"The setting definition '{setting["definitionId"]}' is not part of template '{template.Id}'.");
            }

            var copy = setting.DeepClone().AsObject();
            copy.Remove("id");
            result.Add(copy);
        }

        return result;
    }
}
