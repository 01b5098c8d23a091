using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Graph writes over raw JSON (beta). Thread-safe. The read-only guard beneath blocks all of it in dry-run work.
/// The type's strategy data decides the requests: update verb, child collections written item by item after the
/// object, a priority set through its action.
/// </summary>
internal sealed class GraphWriter(GraphRequestSender sender) : IGraphWriter
{
    public async Task<JsonObject> CreateAsync(
        GraphTenant tenant, PolicyTypeDefinition type, JsonObject payload, string? capturedGraphId, CancellationToken cancellationToken)
    {
        if (type.TemplateInstance is { } template)
        {
            return await CreateFromTemplateAsync(tenant, type, template, payload, cancellationToken);
        }

        var (body, children, priority) = Split(type, payload, stripNavigation: false);
        var parentId = type.ParentCollection is null ? null : await NestedCollections.ParentForCreateAsync(sender, tenant, type, capturedGraphId, cancellationToken);
        var collection = parentId is null ? type.CollectionPath : NestedGraphId.CollectionUnder(type, parentId);
        // A create is not idempotent: after a 503/504 or a lost connection it may have happened, so only 429 is retried
        // (the restore job looks the object up before trying again).
        var response = await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve(collection), body, cancellationToken, retriableOnFailure: false);
        var created = response.Body as JsonObject ?? [];
        if (parentId is not null)
        {
            NestedCollections.WithNestedId(type, parentId, created);
        }

        if (created["id"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrEmpty(id))
        {
            foreach (var (child, items) in children)
            {
                foreach (var item in items)
                {
                    await CreateChildAsync(tenant, ItemPath(type, id), child, item, null, cancellationToken);
                }
            }

            await SetPriorityAsync(tenant, type, id, priority, cancellationToken);
        }

        return created;
    }

    public async Task UpdateAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonObject payload, CancellationToken cancellationToken)
    {
        if (type.TemplateInstance is { } template)
        {
            await UpdateFromTemplateAsync(tenant, type, template, graphId, payload, cancellationToken);
            return;
        }

        var method = new HttpMethod(type.UpdateMethod.ToUpperInvariant());
        // PATCH updates the entity's own properties; Graph rejects expanded navigation in it (PUT, as for the
        // settings catalog, replaces the whole policy including its settings).
        var (body, children, priority) = Split(type, payload, stripNavigation: method == HttpMethod.Patch);
        await sender.SendAsync(tenant, method, sender.Resolve(ItemPath(type, graphId)), body, cancellationToken);
        foreach (var (child, items) in children)
        {
            await SyncChildrenAsync(tenant, type, graphId, child, items, cancellationToken);
        }

        await SetPriorityAsync(tenant, type, graphId, priority, cancellationToken);
    }

    public async Task AssignAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonArray assignments, CancellationToken cancellationToken)
    {
        if (!type.HasAssignments)
        {
            throw new InvalidOperationException($"Type '{type.Name}' has no assign action.");
        }

        if (type.AssignmentsByCollection)
        {
            await ReplaceAssignmentsAsync(tenant, type, graphId, assignments, cancellationToken);
            return;
        }

        var body = new JsonObject { [type.AssignBodyProperty] = assignments.DeepClone() };
        await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve(ItemPath(type, graphId) + "/assign"), body, cancellationToken);
    }

    public async Task DeleteAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, CancellationToken cancellationToken)
    {
        // Already gone is what the caller wanted.
        await sender.SendAsync(tenant, HttpMethod.Delete, sender.Resolve(ItemPath(type, graphId)), null, cancellationToken, notFoundIsResult: true);
    }

    /// <summary>
    /// An object made from its template: POST {templates}/{template id}/{create action} with its own writable properties
    /// and its settings. A create is not idempotent, so only 429 is retried (as for any create). The answer is the new
    /// object (unwrapped when Graph wraps it in "value").
    /// </summary>
    private async Task<JsonObject> CreateFromTemplateAsync(
        GraphTenant tenant, PolicyTypeDefinition type, TemplateInstance template, JsonObject payload, CancellationToken cancellationToken)
    {
        var templateId = Text(payload[template.TemplateProperty]) ?? throw new GraphException(new GraphError(GraphErrorCodes.BadRequest,
            $"The captured '{type.Name}' names no {template.TemplateProperty}: it cannot be created from its template.", null, null, null));
        var body = OwnProperties(template, payload);
        body[template.CreateSettingsParameter] = Settings(template, payload);
        var response = await sender.SendAsync(tenant, HttpMethod.Post,
            sender.Resolve($"{template.TemplatesCollection}/{Uri.EscapeDataString(templateId)}/{template.CreateAction}"), body, cancellationToken,
            retriableOnFailure: false);
        var created = response.Body as JsonObject ?? [];
        return created["id"] is null && created["value"] is JsonObject wrapped ? wrapped.DeepClone().AsObject() : created;
    }

    /// <summary>PATCH of the object's own writable properties, then its settings through the update action.</summary>
    private async Task UpdateFromTemplateAsync(
        GraphTenant tenant, PolicyTypeDefinition type, TemplateInstance template, string graphId, JsonObject payload, CancellationToken cancellationToken)
    {
        await sender.SendAsync(tenant, HttpMethod.Patch, sender.Resolve(ItemPath(type, graphId)), OwnProperties(template, payload), cancellationToken);
        await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve($"{ItemPath(type, graphId)}/{template.UpdateAction}"),
            new JsonObject { [template.SettingsCollection] = Settings(template, payload) }, cancellationToken);
    }

    private static JsonObject OwnProperties(TemplateInstance template, JsonObject payload)
    {
        var body = new JsonObject();
        foreach (var name in template.UpdatableProperties)
        {
            if (payload.ContainsKey(name))
            {
                body[name] = payload[name]?.DeepClone();
            }
        }

        return body;
    }

    private static JsonArray Settings(TemplateInstance template, JsonObject payload) =>
        [.. (payload[template.SettingsCollection] as JsonArray ?? []).OfType<JsonObject>().Select(s => (JsonNode)s.DeepClone())];

    /// <summary>The object's own body, its child collections' items, and the priority to set by action (null: none).</summary>
    private static (JsonObject Body, List<(ChildCollection Child, List<JsonObject> Items)> Children, int? Priority) Split(
        PolicyTypeDefinition type, JsonObject payload, bool stripNavigation)
    {
        var body = payload.DeepClone().AsObject();
        if (stripNavigation)
        {
            foreach (var name in type.NavigationProperties)
            {
                body.Remove(name);
            }
        }

        var children = new List<(ChildCollection, List<JsonObject>)>();
        foreach (var child in type.ChildCollections)
        {
            var items = body[child.Name] is JsonArray array ? array.OfType<JsonObject>().Select(o => o.DeepClone().AsObject()).ToList() : [];
            body.Remove(child.Name);
            children.Add((child, items));
        }

        int? priority = null;
        if (type.Priority is { } action)
        {
            if (body[action.Property] is JsonValue p && p.TryGetValue<int>(out var n) && n > 0)
            {
                priority = n;
            }

            body.Remove(action.Property);
        }

        return (body, children, priority);
    }

    private async Task SetPriorityAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, int? priority, CancellationToken cancellationToken)
    {
        if (type.Priority is { } action && priority is { } value)
        {
            await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve($"{ItemPath(type, graphId)}/{action.Action}"),
                new JsonObject { [action.Property] = value }, cancellationToken);
        }
    }

    /// <summary>No assign action: the current assignments are deleted one by one, then each wanted one is posted.</summary>
    private async Task ReplaceAssignmentsAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonArray assignments, CancellationToken cancellationToken)
    {
        var collection = $"{ItemPath(type, graphId)}/assignments";
        var existing = (await sender.SendAsync(tenant, HttpMethod.Get, sender.Resolve(collection), null, cancellationToken)).Body?["value"] as JsonArray ?? [];
        foreach (var id in existing.OfType<JsonObject>().Select(o => Text(o["id"])).OfType<string>())
        {
            await sender.SendAsync(tenant, HttpMethod.Delete, sender.Resolve($"{collection}/{Uri.EscapeDataString(id)}"), null, cancellationToken,
                notFoundIsResult: true);
        }

        foreach (var assignment in assignments.OfType<JsonObject>())
        {
            await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve(collection), assignment.DeepClone(), cancellationToken, retriableOnFailure: false);
        }
    }

    /// <summary>
    /// Makes the child collection equal the wanted items, matched by the child's key: a matched item is patched (or,
    /// for <see cref="ChildCollection.ReplaceMatched"/>, deleted and created again), a new one created, a stale one deleted.
    /// </summary>
    private async Task SyncChildrenAsync(
        GraphTenant tenant, PolicyTypeDefinition type, string graphId, ChildCollection child, List<JsonObject> wanted, CancellationToken cancellationToken)
    {
        var parentPath = ItemPath(type, graphId);
        var collection = $"{parentPath}/{child.Name}";
        var query = string.IsNullOrEmpty(child.ReadQuery) ? string.Empty : "?" + child.ReadQuery;
        var existing = (await sender.SendAsync(tenant, HttpMethod.Get, sender.Resolve(collection + query), null, cancellationToken)).Body?["value"] as JsonArray ?? [];
        var byKey = existing.OfType<JsonObject>()
            .Where(o => child.KeyOf(o) is not null && Text(o["id"]) is not null)
            .GroupBy(o => child.KeyOf(o)!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in wanted)
        {
            var key = child.KeyOf(item);
            if (key is not null && byKey.Remove(key, out var current))
            {
                var currentId = Text(current["id"])!;
                done.Add(currentId);
                var currentPath = $"{collection}/{Uri.EscapeDataString(currentId)}";
                if (child.ReplaceMatched)
                {
                    // Deleted first: Graph holds one value per definition.
                    await sender.SendAsync(tenant, HttpMethod.Delete, sender.Resolve(currentPath), null, cancellationToken, notFoundIsResult: true);
                    await CreateChildAsync(tenant, parentPath, child, item, null, cancellationToken);
                }
                else
                {
                    await sender.SendAsync(tenant, HttpMethod.Patch, sender.Resolve(currentPath), item, cancellationToken);
                }
            }
            else
            {
                await CreateChildAsync(tenant, parentPath, child, item, null, cancellationToken);
            }
        }

        foreach (var stale in existing.OfType<JsonObject>().Select(o => Text(o["id"])).OfType<string>().Where(id => !done.Contains(id)))
        {
            await sender.SendAsync(tenant, HttpMethod.Delete, sender.Resolve($"{collection}/{Uri.EscapeDataString(stale)}"), null, cancellationToken,
                notFoundIsResult: true);
        }
    }

    /// <summary>
    /// POSTs one child item at {parent}/{name} (through the collection's write strategy, if any), then each of its
    /// nested collections' items at {parent}/{name}/{newId}/{nested}.
    /// </summary>
    private async Task CreateChildAsync(
        GraphTenant tenant, string parentPath, ChildCollection child, JsonObject item, JsonObject? parentItem, CancellationToken cancellationToken)
    {
        var body = child.WriteBody is { } strategy
            ? strategy(new ChildWrite(item, parentItem, path => sender.Resolve(path).AbsoluteUri))
            : item.DeepClone().AsObject();
        foreach (var nested in child.Children)
        {
            body.Remove(nested.Name);
        }

        var collection = $"{parentPath}/{child.Name}";
        var response = await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve(collection), body, cancellationToken, retriableOnFailure: false);
        if (child.Children.Count == 0)
        {
            return;
        }

        var id = Text(response.Body?["id"]) ?? throw new GraphException(new GraphError(GraphErrorCodes.Failed,
            $"Graph created a '{child.Name}' item without returning its id.", null, null, null));
        foreach (var nested in child.Children)
        {
            foreach (var nestedItem in (item[nested.Name] as JsonArray ?? []).OfType<JsonObject>())
            {
                await CreateChildAsync(tenant, $"{collection}/{Uri.EscapeDataString(id)}", nested, nestedItem, item, cancellationToken);
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrEmpty(s) ? s : null;

    private static string ItemPath(PolicyTypeDefinition type, string graphId) => NestedCollections.ItemPath(type, graphId);
}
