using System.Globalization;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Http;

namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// Turns client payloads into stored policies the way Graph does: server-owned properties are
/// ignored and set by the server, navigation properties are split off, unknown properties kept.
/// </summary>
internal static class PolicyPayload
{
    private static int lastScopeTagId;

    private static readonly HashSet<string> ServerOwned = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "createdDateTime", "lastModifiedDateTime", "modifiedDateTime", "version", "settingCount", "isAssigned",
        "supportsScopeTags",
    };

    // Graph's fixed ids for the "all devices" / "all users" virtual groups, used in assignment ids.
    private const string AllDevicesId = "adadadad-808e-44e2-905a-0b7873a8a531";
    private const string AllUsersId = "acacacac-9df4-4c7d-9d50-4ef0226f57a9";

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <param name="parentId">For a nested collection (<see cref="PolicyCollectionDescriptor.ParentCollection"/>): the parent's id;
    /// the object is stored under {parentId}/{id}, its body keeps its own id.</param>
    public static StoredPolicy Create(PolicyCollectionDescriptor d, JsonObject payload, DateTimeOffset now, bool fromClient, string? id = null, string? parentId = null)
    {
        var odataType = payload["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (odataType is null && d.TypeFilter is not null)
        {
            odataType = d.TypeFilter;
        }

        if (d.RequiresODataType && string.IsNullOrWhiteSpace(odataType))
        {
            throw new GraphRequestException(400, "BadRequest",
                $"The '@odata.type' annotation is required to create an entity in '{d.Path}'.");
        }

        if (!d.Admits(odataType))
        {
            throw new GraphRequestException(400, "BadRequest", $"Type '{odataType}' cannot be created in '{d.Path}'.");
        }

        CheckODataType(d, odataType);

        if (d.NameProperty == "name" && payload["name"] is null)
        {
            throw new GraphRequestException(400, "BadRequest", "Property 'name' is required.");
        }

        CheckWritable(d, payload, fromClient);
        if (fromClient)
        {
            CheckRequired(d, payload);
        }

        var children = new Dictionary<string, JsonArray>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in d.ChildCollections)
        {
            // Seeding may carry child items (as a GET with $expand returns them); a client create may not.
            children[child] = d == PolicyCollectionDescriptor.GroupPolicyConfigurations
                ? GroupPolicyRoutes.Seed(TakeArray(payload, child), now)
                : NormalizeChildren(TakeArray(payload, child), now);
        }

        if (d.PriorityProperty is { } priority && fromClient)
        {
            payload.Remove(priority);
        }

        // Intune gives scope tags numbers (as strings; 0 is the built-in Default), everything else GUIDs.
        id ??= d == PolicyCollectionDescriptor.RoleScopeTags
            ? Interlocked.Increment(ref lastScopeTagId).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Guid.NewGuid().ToString();
        var settings = d.HasSettings ? TakeArray(payload, "settings") : null;
        var actions = d.HasScheduledActions ? TakeArray(payload, "scheduledActionsForRule") : null;

        // Graph does not deep-insert assignments on create; they go through /assign.
        payload.Remove("assignments");

        if (d.RequiresBlockAction && fromClient && !HasBlockAction(actions))
        {
            throw new GraphRequestException(400, "BadRequest",
                "A compliance policy requires scheduledActionsForRule with a 'block' scheduled action configuration.");
        }

        var body = new JsonObject();
        if (odataType is not null)
        {
            body["@odata.type"] = odataType;
        }

        body["id"] = id;
        CopyClientProperties(payload, body);
        body["createdDateTime"] = Timestamp(now);
        body[d.ModifiedProperty] = Timestamp(now);
        if (d.ScopeTagsProperty is { } scopeTags && body[scopeTags] is not JsonArray { Count: > 0 })
        {
            body[scopeTags] = new JsonArray("0");
        }

        if (d == PolicyCollectionDescriptor.DeviceConfigurations)
        {
            body["supportsScopeTags"] = true;
        }

        var policy = new StoredPolicy
        {
            Id = parentId is null ? id : $"{parentId}/{id}",
            Body = body,
            Settings = d.HasSettings ? NormalizeSettings(settings) : null,
            ScheduledActions = d.HasScheduledActions ? NormalizeScheduledActions(actions) : null,
        };
        foreach (var (name, items) in children)
        {
            policy.Children[name] = items;
        }

        SetVersion(d, policy, initial: true);
        SetCounts(d, policy);
        return policy;
    }

    /// <summary>
    /// What Graph rejects in a client's create or update body: a read-only property, or a child collection it does not
    /// deep-insert. Seeding (not from a client) drops read-only properties instead.
    /// </summary>
    public static void CheckWritable(PolicyCollectionDescriptor d, JsonObject payload, bool fromClient)
    {
        foreach (var name in d.ReadOnlyProperties)
        {
            if (!payload.ContainsKey(name))
            {
                continue;
            }

            if (fromClient)
            {
                throw new GraphRequestException(400, "BadRequest", $"The property '{name}' is read-only and cannot be set.");
            }

            payload.Remove(name);
        }

        if (fromClient && d.ChildCollections.FirstOrDefault(payload.ContainsKey) is { } child)
        {
            throw new GraphRequestException(400, "BadRequest",
                $"The navigation property '{child}' cannot be written with its parent; use the '{child}' collection.");
        }
    }

    /// <summary>A collection of an abstract type (namedLocation) takes only its concrete subtypes.</summary>
    private static void CheckODataType(PolicyCollectionDescriptor d, string? odataType)
    {
        if (d.AllowedODataTypes.Length > 0 && !d.AllowedODataTypes.Contains(odataType ?? "", StringComparer.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(400, "BadRequest",
                $"The '@odata.type' of an entity in '{d.Path}' must be one of: {string.Join(", ", d.AllowedODataTypes)}.");
        }
    }

    /// <summary>A client create without a required property, or with a value outside its allowed set, is answered 400.</summary>
    private static void CheckRequired(PolicyCollectionDescriptor d, JsonObject payload)
    {
        foreach (var name in d.RequiredOnCreate)
        {
            if (payload[name] is null || (payload[name] is JsonValue v && v.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text)))
            {
                throw new GraphRequestException(400, "BadRequest", $"Property '{name}' is required.");
            }
        }

        foreach (var (name, allowed) in d.AllowedValues)
        {
            if (payload[name] is JsonValue v && !(v.TryGetValue<string>(out var value) && allowed.Contains(value, StringComparer.Ordinal)))
            {
                throw new GraphRequestException(400, "BadRequest", $"Property '{name}' must be one of: {string.Join(", ", allowed)}.");
            }
        }
    }

    /// <summary>Child items as stored: a server id and lastModifiedDateTime, client properties kept.</summary>
    public static JsonArray NormalizeChildren(JsonArray? items, DateTimeOffset now)
    {
        var result = new JsonArray();
        foreach (var node in items ?? [])
        {
            result.Add(NewChild(node as JsonObject ?? throw new GraphRequestException(400, "BadRequest", "Each item must be an object."), now));
        }

        return result;
    }

    public static JsonObject NewChild(JsonObject item, DateTimeOffset now)
    {
        var stored = new JsonObject { ["id"] = Guid.NewGuid().ToString() };
        foreach (var (key, value) in item)
        {
            if (!IsServerOwned(key))
            {
                stored[key] = value?.DeepClone();
            }
        }

        stored["lastModifiedDateTime"] = Timestamp(now);
        return stored;
    }

    public static void Patch(PolicyCollectionDescriptor d, StoredPolicy policy, JsonObject patch, DateTimeOffset now)
    {
        CheckWritable(d, patch, fromClient: true);
        if (d.RequiresODataTypeOnUpdate)
        {
            // Graph: an update of a named location must name its concrete type, the one the object has.
            var odataType = patch["@odata.type"] is JsonValue t && t.TryGetValue<string>(out var value) ? value : null;
            if (odataType is null)
            {
                throw new GraphRequestException(400, "BadRequest", $"The '@odata.type' annotation is required to update an entity in '{d.Path}'.");
            }

            CheckODataType(d, odataType);
            if (!string.Equals(odataType, EmulatorTenant.TypeOf(policy), StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphRequestException(400, "BadRequest", $"The type of '{policy.Id}' cannot be changed to '{odataType}'.");
            }
        }
        foreach (var (key, value) in patch.ToArray())
        {
            if (IsServerOwned(key) || key is "settings" or "scheduledActionsForRule" or "assignments" || key == d.PriorityProperty)
            {
                // Navigation properties change through their own endpoints, not through PATCH.
                continue;
            }

            if (key == "@odata.type")
            {
                continue;
            }

            patch.Remove(key);
            policy.Body[key] = value;
        }

        Touch(d, policy, now);
    }

    public static void Replace(PolicyCollectionDescriptor d, StoredPolicy policy, JsonObject payload, DateTimeOffset now)
    {
        CheckWritable(d, payload, fromClient: true);
        var settings = d.HasSettings ? TakeArray(payload, "settings") : null;
        var actions = d.HasScheduledActions ? TakeArray(payload, "scheduledActionsForRule") : null;
        payload.Remove("assignments");
        var body = new JsonObject();
        if (policy.Body["@odata.type"] is { } type)
        {
            body["@odata.type"] = type.DeepClone();
        }

        body["id"] = policy.Body["id"]?.DeepClone() ?? policy.Id;
        CopyClientProperties(payload, body);
        body["createdDateTime"] = policy.Body["createdDateTime"]?.DeepClone();
        body[d.ModifiedProperty] = Timestamp(now);
        if (d.ScopeTagsProperty is { } scopeTags && body[scopeTags] is not JsonArray { Count: > 0 })
        {
            body[scopeTags] = new JsonArray("0");
        }

        var oldVersion = policy.Body["version"]?.DeepClone();
        policy.Body = body;
        if (oldVersion is not null)
        {
            policy.Body["version"] = oldVersion;
        }

        if (d.HasSettings)
        {
            policy.Settings = NormalizeSettings(settings);
        }

        if (d.HasScheduledActions && actions is not null)
        {
            policy.ScheduledActions = NormalizeScheduledActions(actions);
        }

        Touch(d, policy, now);
    }

    public static JsonArray NormalizeAssignments(PolicyCollectionDescriptor d, string policyId, JsonArray input)
    {
        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in input)
        {
            if (node is not JsonObject item)
            {
                throw new GraphRequestException(400, "BadRequest", "Each assignment must be an object.");
            }

            if (item["target"] is not JsonObject target)
            {
                throw new GraphRequestException(400, "BadRequest", "Each assignment requires a 'target'.");
            }

            var targetType = target["@odata.type"]?.GetValue<string>() ?? string.Empty;
            var key = targetType.Contains("allDevices", StringComparison.OrdinalIgnoreCase) ? AllDevicesId
                : targetType.Contains("allLicensedUsers", StringComparison.OrdinalIgnoreCase) ? AllUsersId
                : target["groupId"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
            var suffix = targetType.Contains("exclusion", StringComparison.OrdinalIgnoreCase) ? "_1" : "_0";
            var id = $"{policyId}_{key}";
            if (!seen.Add(id))
            {
                id = $"{policyId}_{key}{suffix}";
                seen.Add(id);
            }

            var stored = new JsonObject
            {
                ["@odata.type"] = d.AssignmentODataType,
                ["id"] = id,
            };
            foreach (var (name, value) in item)
            {
                if (name is "id" or "@odata.type" || name.StartsWith("@odata.", StringComparison.Ordinal))
                {
                    continue;
                }

                stored[name] = value?.DeepClone();
            }

            if (d.AssignReturnsCollection)
            {
                stored["source"] ??= "direct";
                stored["sourceId"] ??= policyId;
            }

            result.Add(stored);
        }

        return result;
    }

    public static void Touch(PolicyCollectionDescriptor d, StoredPolicy policy, DateTimeOffset now)
    {
        policy.Body[d.ModifiedProperty] = Timestamp(now);
        SetVersion(d, policy, initial: false);
        SetCounts(d, policy);
    }

    public static void SetCounts(PolicyCollectionDescriptor d, StoredPolicy policy)
    {
        if (d.HasSettings)
        {
            policy.Body["settingCount"] = policy.Settings?.Count ?? 0;
        }

        if (d.StoreKey == PolicyCollectionDescriptor.ManagedAppPolicies.StoreKey)
        {
            policy.Body["isAssigned"] = policy.Assignments.Count > 0;
        }
    }

    private static bool IsServerOwned(string key) =>
        ServerOwned.Contains(key) || (key.Contains("@odata.", StringComparison.Ordinal) && key != "@odata.type");

    private static void CopyClientProperties(JsonObject from, JsonObject to)
    {
        foreach (var (key, value) in from.ToArray())
        {
            if (IsServerOwned(key) || key == "@odata.type")
            {
                continue;
            }

            from.Remove(key);
            to[key] = value;
        }
    }

    private static JsonArray? TakeArray(JsonObject payload, string name)
    {
        if (!payload.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        payload.Remove(name);
        return node switch
        {
            null => null,
            JsonArray array => array,
            _ => throw new GraphRequestException(400, "BadRequest", $"Property '{name}' must be an array."),
        };
    }

    private static JsonArray NormalizeSettings(JsonArray? settings)
    {
        var result = new JsonArray();
        if (settings is null)
        {
            return result;
        }

        var index = 0;
        foreach (var node in settings.ToArray())
        {
            if (node is not JsonObject setting || setting["settingInstance"] is not JsonObject)
            {
                throw new GraphRequestException(400, "BadRequest", "Each setting requires a 'settingInstance'.");
            }

            settings.Remove(setting);
            var stored = new JsonObject();
            if (setting["@odata.type"] is { } type)
            {
                stored["@odata.type"] = type.DeepClone();
            }

            stored["id"] = index.ToString(CultureInfo.InvariantCulture);
            foreach (var (key, value) in setting.ToArray())
            {
                if (key is "id" or "@odata.type" || key.Contains("@odata.", StringComparison.Ordinal))
                {
                    continue;
                }

                setting.Remove(key);
                stored[key] = value;
            }

            result.Add(stored);
            index++;
        }

        return result;
    }

    private static bool HasBlockAction(JsonArray? actions) =>
        actions is not null && actions.OfType<JsonObject>().Any(rule =>
            rule["scheduledActionConfigurations"] is JsonArray configs &&
            configs.OfType<JsonObject>().Any(c =>
                string.Equals(c["actionType"]?.GetValue<string>(), "block", StringComparison.OrdinalIgnoreCase)));

    private static JsonArray NormalizeScheduledActions(JsonArray? actions)
    {
        var result = new JsonArray();
        foreach (var rule in actions?.OfType<JsonObject>() ?? [])
        {
            var storedRule = new JsonObject { ["id"] = Guid.NewGuid().ToString() };
            var configs = new JsonArray();
            foreach (var (key, value) in rule)
            {
                if (key == "scheduledActionConfigurations")
                {
                    foreach (var config in (value as JsonArray)?.OfType<JsonObject>() ?? [])
                    {
                        var storedConfig = new JsonObject { ["id"] = Guid.NewGuid().ToString() };
                        foreach (var (ck, cv) in config)
                        {
                            if (ck != "id" && !ck.StartsWith("@odata.", StringComparison.Ordinal))
                            {
                                storedConfig[ck] = cv?.DeepClone();
                            }
                        }

                        configs.Add(storedConfig);
                    }
                }
                else if (key != "id" && !key.StartsWith("@odata.", StringComparison.Ordinal))
                {
                    storedRule[key] = value?.DeepClone();
                }
            }

            storedRule["scheduledActionConfigurations"] = configs;
            result.Add(storedRule);
        }

        return result;
    }

    private static void SetVersion(PolicyCollectionDescriptor d, StoredPolicy policy, bool initial)
    {
        switch (d.Version)
        {
            case PolicyVersionKind.Integer:
                var current = initial ? 0 : policy.Body["version"]?.GetValue<int>() ?? 0;
                policy.Body["version"] = current + 1;
                break;
            case PolicyVersionKind.ETagString:
                // Graph returns an opaque quoted token here; a new one per change is what clients can rely on.
                policy.Body["version"] = $"\"{Guid.NewGuid():N}\"";
                break;
        }
    }
}
