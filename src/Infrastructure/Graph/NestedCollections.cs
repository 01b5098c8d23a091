using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Paths of types whose objects live under a parent object (<see cref="PolicyTypeDefinition.ParentCollection"/>, e.g.
/// DEP enrollment profiles under each Apple token): an object's <see cref="NestedGraphId"/> names its parent, and the
/// parents are listed with one paged read of the parent collection (ids only).
/// </summary>
internal static class NestedCollections
{
    /// <summary>The object's URL path: {collection under its parent}/{id} for nested types, {collection}/{id} otherwise.</summary>
    public static string ItemPath(PolicyTypeDefinition type, string graphId)
    {
        if (type.ParentCollection is null)
        {
            return $"{type.CollectionPath}/{Uri.EscapeDataString(graphId)}";
        }

        return NestedGraphId.TrySplit(graphId, out var parentId, out var id)
            ? $"{NestedGraphId.CollectionUnder(type, parentId)}/{Uri.EscapeDataString(id)}"
            : throw new GraphException(new GraphError(GraphErrorCodes.NotFound, $"'{graphId}' does not name the parent of a '{type.Name}' object.", 404, null, null));
    }

    /// <summary>The ids of the parent objects (GET {parent collection}?$select=id, every page).</summary>
    public static async Task<IReadOnlyList<string>> ParentIdsAsync(
        GraphRequestSender sender, GraphTenant tenant, PolicyTypeDefinition type, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var item in sender.ListPagesAsync(tenant, sender.Resolve($"{type.ParentCollection}?$select=id"), cancellationToken))
        {
            if (item["id"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrEmpty(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>
    /// The parent a create goes under: the captured object's parent when the tenant still has it, else the tenant's only
    /// parent; none or several others is <see cref="GraphErrorCodes.ParentNotFound"/>.
    /// </summary>
    public static async Task<string> ParentForCreateAsync(
        GraphRequestSender sender, GraphTenant tenant, PolicyTypeDefinition type, string? capturedGraphId, CancellationToken cancellationToken)
    {
        var parents = await ParentIdsAsync(sender, tenant, type, cancellationToken);
        if (NestedGraphId.TrySplit(capturedGraphId, out var captured, out _) && parents.Contains(captured, StringComparer.OrdinalIgnoreCase))
        {
            return parents.First(p => string.Equals(p, captured, StringComparison.OrdinalIgnoreCase));
        }

        return parents.Count == 1
            ? parents[0]
            : throw new GraphException(new GraphError(GraphErrorCodes.ParentNotFound,
                parents.Count == 0
                    ? $"The tenant has no object in '{type.ParentCollection}' to create the '{type.Name}' object under."
                    : $"The tenant has {parents.Count} objects in '{type.ParentCollection}' and none is the captured one; choose by restoring into a tenant with it.",
                null, null, null));
    }

    /// <summary>Sets the object's id to its nested id (parent and own id) when the type is nested.</summary>
    public static JsonObject WithNestedId(PolicyTypeDefinition type, string parentId, JsonObject item)
    {
        if (type.ParentCollection is not null && item["id"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrEmpty(id))
        {
            item["id"] = NestedGraphId.Compose(parentId, id);
        }

        return item;
    }
}
