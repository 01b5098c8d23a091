using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// Administrative templates (Graph beta intune-grouppolicy): the read-only catalog at
/// deviceManagement/groupPolicyDefinitions (+ presentations), and a configuration's definitionValues and their
/// presentationValues. Definition values are bound to the catalog by definition@odata.bind, presentation values by
/// presentation@odata.bind to a presentation of that definition; anything else is answered 400, as Graph does.
/// Stored items keep the bound ids under '#' keys, which are never written out.
/// </summary>
internal static partial class GroupPolicyRoutes
{
    public const string DefinitionValues = "definitionValues";
    private const string PresentationValues = "presentationValues";
    private const string DefinitionIdKey = "#definitionId";
    private const string PresentationIdKey = "#presentationId";
    private const string PresentationValuesKey = "#presentationValues";

    private static readonly string[] DefinitionValueProperties = ["enabled", "configurationType"];
    private static readonly string[] ConfigurationTypes = ["policy", "preference"];

    [GeneratedRegex(@"/(beta|v1\.0)/deviceManagement/groupPolicyDefinitions\('([^'/]+)'\)$", RegexOptions.IgnoreCase)]
    private static partial Regex DefinitionBind();

    [GeneratedRegex(@"/(beta|v1\.0)/deviceManagement/groupPolicyDefinitions\('([^'/]+)'\)/presentations\('([^'/]+)'\)$", RegexOptions.IgnoreCase)]
    private static partial Regex PresentationBind();

    /// <summary>GET deviceManagement/groupPolicyDefinitions[/{id}[/presentations]].</summary>
    public static GraphResult Catalog(GraphCall call, string[] segments, string requestId)
    {
        if (!string.Equals(call.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(405, "BadRequest", $"The HTTP method '{call.Method}' is not supported on this resource.");
        }

        switch (segments.Length)
        {
            case 2:
                return Collection(call, "deviceManagement/groupPolicyDefinitions", GroupPolicyCatalog.Definitions.Select(d => d.DeepClone().AsObject()), requestId);
            case 3:
            {
                var definition = GroupPolicyCatalog.Definition(KeyOf(segments[2])) ?? throw NotFound("groupPolicyDefinition", segments[2]);
                return new GraphResult(200, GraphJson.Write(w => definition.WriteTo(w)), requestId);
            }

            case 4 when segments[3] == "presentations":
            {
                var id = KeyOf(segments[2]);
                _ = GroupPolicyCatalog.Definition(id) ?? throw NotFound("groupPolicyDefinition", segments[2]);
                return Collection(call, $"deviceManagement/groupPolicyDefinitions('{id}')/presentations", GroupPolicyCatalog.Presentations(id), requestId);
            }

            default:
                throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[^1]}'.");
        }
    }

    /// <summary>{configuration}/definitionValues[/{dv}[/presentationValues[/{pv}]]]; the caller holds the store's gate.</summary>
    public static GraphResult Handle(PolicyCollectionDescriptor d, StoredPolicy policy, string[] segments, GraphCall call, string requestId, DateTimeOffset now)
    {
        var method = call.Method.ToUpperInvariant();
        var query = ODataQuery.Parse(call.Query);
        var values = policy.Children[DefinitionValues];
        var basePath = $"{d.Path}('{policy.Id}')/{DefinitionValues}";
        if (segments.Length == 4)
        {
            switch (method)
            {
                case "GET":
                    var expandDefinition = Expands(query, "definition");
                    return Collection(call, basePath, values.OfType<JsonObject>().Select(v => PublicDefinitionValue(v, expandDefinition)), requestId);
                case "POST":
                    var created = NewDefinitionValue(RequireObject(call.Body), now);
                    values.Add(created);
                    PolicyPayload.Touch(d, policy, now);
                    return new GraphResult(201, GraphJson.Write(w => PublicDefinitionValue(created, expand: false).WriteTo(w)), requestId);
                default:
                    throw MethodNotAllowed(method);
            }
        }

        var value = values.OfType<JsonObject>().FirstOrDefault(v => IdEquals(v, segments[4])) ?? throw NotFound("groupPolicyDefinitionValue", segments[4]);
        if (segments.Length == 5)
        {
            switch (method)
            {
                case "GET":
                    return new GraphResult(200, GraphJson.Write(w => PublicDefinitionValue(value, Expands(query, "definition")).WriteTo(w)), requestId);
                case "PATCH":
                    var patch = RequireObject(call.Body);
                    CheckDefinitionValueProperties(patch, allowBind: false);
                    foreach (var name in DefinitionValueProperties.Where(patch.ContainsKey))
                    {
                        value[name] = patch[name]?.DeepClone();
                    }

                    value["lastModifiedDateTime"] = PolicyPayload.Timestamp(now);
                    PolicyPayload.Touch(d, policy, now);
                    return new GraphResult(204, null, requestId);
                case "DELETE":
                    values.Remove(value);
                    PolicyPayload.Touch(d, policy, now);
                    return new GraphResult(204, null, requestId);
                default:
                    throw MethodNotAllowed(method);
            }
        }

        if (segments[5] != PresentationValues)
        {
            throw new GraphRequestException(400, "BadRequest", $"Resource not found for the segment '{segments[5]}'.");
        }

        var definitionId = value[DefinitionIdKey]!.GetValue<string>();
        var presentationValues = value[PresentationValuesKey]!.AsArray();
        if (segments.Length == 6)
        {
            switch (method)
            {
                case "GET":
                    var expandPresentation = Expands(query, "presentation");
                    return Collection(call, $"{basePath}('{segments[4]}')/{PresentationValues}",
                        presentationValues.OfType<JsonObject>().Select(p => PublicPresentationValue(p, definitionId, expandPresentation)), requestId);
                case "POST":
                    var created = NewPresentationValue(RequireObject(call.Body), definitionId, now);
                    presentationValues.Add(created);
                    PolicyPayload.Touch(d, policy, now);
                    return new GraphResult(201, GraphJson.Write(w => PublicPresentationValue(created, definitionId, expand: false).WriteTo(w)), requestId);
                default:
                    throw MethodNotAllowed(method);
            }
        }

        var presentationValue = presentationValues.OfType<JsonObject>().FirstOrDefault(p => IdEquals(p, segments[6]))
            ?? throw NotFound("groupPolicyPresentationValue", segments[6]);
        switch (method)
        {
            case "GET":
                return new GraphResult(200, GraphJson.Write(w => PublicPresentationValue(presentationValue, definitionId, Expands(query, "presentation")).WriteTo(w)), requestId);
            case "DELETE":
                presentationValues.Remove(presentationValue);
                PolicyPayload.Touch(d, policy, now);
                return new GraphResult(204, null, requestId);
            default:
                throw MethodNotAllowed(method);
        }
    }

    /// <summary>Seeding: items as a GET with $expand returns them (definition and presentation expanded), bound by their ids.</summary>
    public static JsonArray Seed(JsonArray? items, DateTimeOffset now)
    {
        var result = new JsonArray();
        foreach (var item in items?.OfType<JsonObject>() ?? [])
        {
            var definitionId = item["definition"]?["id"]?.GetValue<string>()
                ?? throw new InvalidOperationException("A seeded definition value needs definition.id.");
            var stored = StoredItem(item, DefinitionValueProperties, now);
            stored[DefinitionIdKey] = Bound(GroupPolicyCatalog.Definition(definitionId), "groupPolicyDefinition", definitionId);
            var presentations = new JsonArray();
            foreach (var pv in (item[PresentationValues] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var presentationId = pv["presentation"]?["id"]?.GetValue<string>()
                    ?? throw new InvalidOperationException("A seeded presentation value needs presentation.id.");
                var own = pv.DeepClone().AsObject();
                own.Remove("presentation");
                presentations.Add(PresentationValueOf(own, definitionId, presentationId, now));
            }

            stored[PresentationValuesKey] = presentations;
            result.Add(stored);
        }

        return result;
    }

    /// <summary>A stored item as Graph writes it (no '#' keys), e.g. in $expand=definitionValues of the configuration.</summary>
    public static JsonObject Public(JsonObject stored)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in stored)
        {
            if (!key.StartsWith('#'))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    private static JsonObject NewDefinitionValue(JsonObject body, DateTimeOffset now)
    {
        CheckDefinitionValueProperties(body, allowBind: true);
        if (body["definition@odata.bind"] is not JsonValue bind || !bind.TryGetValue<string>(out var url))
        {
            throw new GraphRequestException(400, "BadRequest", "A definition value requires 'definition@odata.bind' to a groupPolicyDefinition.");
        }

        var match = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? DefinitionBind().Match(Uri.UnescapeDataString(uri.AbsolutePath)) : Match.Empty;
        if (!match.Success)
        {
            throw new GraphRequestException(400, "BadRequest", $"'definition@odata.bind' is not a groupPolicyDefinitions('{{id}}') reference: '{url}'.");
        }

        var definitionId = match.Groups[2].Value;
        var stored = StoredItem(body, DefinitionValueProperties, now);
        stored[DefinitionIdKey] = Bound(GroupPolicyCatalog.Definition(definitionId), "groupPolicyDefinition", definitionId);
        var presentations = new JsonArray();
        // Deep insert of presentation values with the definition value (each bound like a POST of its own).
        foreach (var node in body[PresentationValues] as JsonArray ?? [])
        {
            presentations.Add(NewPresentationValue(node as JsonObject ?? throw new GraphRequestException(400, "BadRequest", "Each presentation value must be an object."),
                definitionId, now));
        }

        stored[PresentationValuesKey] = presentations;
        return stored;
    }

    private static void CheckDefinitionValueProperties(JsonObject body, bool allowBind)
    {
        foreach (var (name, value) in body)
        {
            if (name is "@odata.type" or "id" or "createdDateTime" or "lastModifiedDateTime" || DefinitionValueProperties.Contains(name, StringComparer.Ordinal) ||
                (allowBind && name is "definition@odata.bind" or PresentationValues))
            {
                continue;
            }

            throw new GraphRequestException(400, "BadRequest", name is "definition" or PresentationValues
                ? $"The navigation property '{name}' cannot be written here; bind the definition with 'definition@odata.bind' on create."
                : $"The property '{name}' does not exist on type 'microsoft.graph.groupPolicyDefinitionValue'.");
        }

        if (body["configurationType"] is JsonValue t && !(t.TryGetValue<string>(out var type) && ConfigurationTypes.Contains(type, StringComparer.Ordinal)))
        {
            throw new GraphRequestException(400, "BadRequest", "Property 'configurationType' must be one of: policy, preference.");
        }

        if (body["enabled"] is { } enabled && !(enabled is JsonValue e && e.TryGetValue<bool>(out _)))
        {
            throw new GraphRequestException(400, "BadRequest", "Property 'enabled' must be a boolean.");
        }
    }

    private static JsonObject NewPresentationValue(JsonObject body, string definitionId, DateTimeOffset now)
    {
        if (body.ContainsKey("presentation"))
        {
            throw new GraphRequestException(400, "BadRequest", "The navigation property 'presentation' cannot be written; bind it with 'presentation@odata.bind'.");
        }

        if (body["presentation@odata.bind"] is not JsonValue bind || !bind.TryGetValue<string>(out var url))
        {
            throw new GraphRequestException(400, "BadRequest", "A presentation value requires 'presentation@odata.bind' to a presentation of its definition.");
        }

        var match = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? PresentationBind().Match(Uri.UnescapeDataString(uri.AbsolutePath)) : Match.Empty;
        if (!match.Success)
        {
            throw new GraphRequestException(400, "BadRequest",
                $"'presentation@odata.bind' is not a groupPolicyDefinitions('{{id}}')/presentations('{{id}}') reference: '{url}'.");
        }

        if (!string.Equals(match.Groups[2].Value, definitionId, StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(400, "BadRequest",
                $"The presentation '{match.Groups[3].Value}' does not belong to the definition '{definitionId}' of this definition value.");
        }

        return PresentationValueOf(body, definitionId, match.Groups[3].Value, now);
    }

    private static JsonObject PresentationValueOf(JsonObject body, string definitionId, string presentationId, DateTimeOffset now)
    {
        var presentation = GroupPolicyCatalog.Presentation(definitionId, presentationId)
            ?? throw new GraphRequestException(400, "BadRequest",
                $"The presentation '{presentationId}' does not belong to the definition '{definitionId}' of this definition value.");
        var wantedType = GroupPolicyCatalog.ValueTypeOfPresentation[presentation["@odata.type"]!.GetValue<string>()];
        var odataType = body["@odata.type"] is JsonValue tv && tv.TryGetValue<string>(out var t) ? t : null;
        if (!string.Equals(odataType, wantedType, StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(400, "BadRequest",
                $"A value of presentation '{presentationId}' must be of type '{wantedType}', not '{odataType ?? "(none)"}'.");
        }

        var listValued = wantedType.EndsWith("List", StringComparison.Ordinal) || wantedType.EndsWith("MultiText", StringComparison.Ordinal);
        string[] properties = listValued ? ["values"] : ["value"];
        foreach (var (name, _) in body)
        {
            if (name is not ("@odata.type" or "id" or "createdDateTime" or "lastModifiedDateTime" or "presentation@odata.bind") && !properties.Contains(name))
            {
                throw new GraphRequestException(400, "BadRequest", $"The property '{name}' does not exist on type '{wantedType.TrimStart('#')}'.");
            }
        }

        var valid = listValued
            ? body["values"] is JsonArray
            : body["value"] is JsonValue v && (wantedType.EndsWith("Text", StringComparison.Ordinal) ? v.TryGetValue<string>(out _)
                : wantedType.EndsWith("Boolean", StringComparison.Ordinal) ? v.TryGetValue<bool>(out _)
                : v.TryGetValue<long>(out _));
        if (!valid)
        {
            throw new GraphRequestException(400, "BadRequest", $"The value of a '{wantedType.TrimStart('#')}' is missing or of the wrong kind.");
        }

        var stored = StoredItem(body, properties, now);
        stored["@odata.type"] = wantedType;
        stored[PresentationIdKey] = presentationId;
        return stored;
    }

    private static JsonObject StoredItem(JsonObject body, string[] properties, DateTimeOffset now)
    {
        var stored = new JsonObject();
        if (body["@odata.type"] is { } type)
        {
            stored["@odata.type"] = type.DeepClone();
        }

        stored["id"] = Guid.NewGuid().ToString();
        foreach (var name in properties.Where(body.ContainsKey))
        {
            stored[name] = body[name]?.DeepClone();
        }

        stored["createdDateTime"] = PolicyPayload.Timestamp(now);
        stored["lastModifiedDateTime"] = PolicyPayload.Timestamp(now);
        return stored;
    }

    private static string Bound(JsonObject? entity, string kind, string id) =>
        entity is null ? throw new GraphRequestException(400, "BadRequest", $"No {kind} with id '{id}' exists.") : id;

    private static JsonObject PublicDefinitionValue(JsonObject stored, bool expand)
    {
        var value = Public(stored);
        if (expand)
        {
            value["definition"] = GroupPolicyCatalog.Definition(stored[DefinitionIdKey]!.GetValue<string>());
        }

        return value;
    }

    private static JsonObject PublicPresentationValue(JsonObject stored, string definitionId, bool expand)
    {
        var value = Public(stored);
        if (expand)
        {
            value["presentation"] = GroupPolicyCatalog.Presentation(definitionId, stored[PresentationIdKey]!.GetValue<string>());
        }

        return value;
    }

    private static bool Expands(ODataQuery query, string navigation)
    {
        foreach (var (name, _) in query.Expand)
        {
            if (!string.Equals(name, navigation, StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphRequestException(400, "BadRequest", $"Could not find a property named '{name}' to expand.");
            }
        }

        return query.Expand.Count > 0;
    }

    private static GraphResult Collection(GraphCall call, string context, IEnumerable<JsonObject> items, string requestId) =>
        new(200, GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{call.ServiceRoot}$metadata#{context}");
            w.WriteStartArray("value");
            foreach (var item in items)
            {
                item.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }), requestId);

    /// <summary>A key segment: groupPolicyDefinitions/{id} or groupPolicyDefinitions('{id}').</summary>
    private static string KeyOf(string segment) =>
        segment.StartsWith("('", StringComparison.Ordinal) && segment.EndsWith("')", StringComparison.Ordinal) ? segment[2..^2] : segment;

    private static bool IdEquals(JsonObject item, string id) => string.Equals(item["id"]?.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase);

    private static JsonObject RequireObject(JsonNode? body) =>
        body as JsonObject ?? throw new GraphRequestException(400, "BadRequest", "The request body must be a JSON object.");

    private static GraphRequestException NotFound(string kind, string id) => new(404, "ResourceNotFound", $"Resource not found: no {kind} with id '{id}'.");

    private static GraphRequestException MethodNotAllowed(string method) =>
        new(405, "BadRequest", $"The HTTP method '{method}' is not supported on this resource.");
}
