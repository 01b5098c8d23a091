namespace TenantAtlas.Application.Graph;

/// <summary>
/// The Graph id of an object of a type with a <see cref="PolicyTypeDefinition.ParentCollection"/>: the parent's id and
/// the object's own, as <c>{parentId}/{id}</c> (Graph ids never hold a slash), so inventory, backups and restores
/// address it like any other object while the gateway knows the parent to put in the URL.
/// </summary>
public static class NestedGraphId
{
    public const string ParentPlaceholder = "{parentId}";

    public static string Compose(string parentId, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(parentId);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return $"{parentId}/{id}";
    }

    /// <summary>Splits a nested id; false for an id without a parent part.</summary>
    public static bool TrySplit(string? graphId, out string parentId, out string id)
    {
        var slash = graphId?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || slash == graphId!.Length - 1)
        {
            parentId = id = string.Empty;
            return false;
        }

        parentId = graphId[..slash];
        id = graphId[(slash + 1)..];
        return true;
    }

    /// <summary>The type's collection under one parent.</summary>
    public static string CollectionUnder(PolicyTypeDefinition type, string parentId) =>
        type.CollectionPath.Replace(ParentPlaceholder, Uri.EscapeDataString(parentId), StringComparison.Ordinal);
}
