using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// Finds the object a backup item restores onto (shared by restore and preview, reads only): the
/// object with the same Graph id in the tenant, else the single object of the same type and
/// @odata.type with the same display name, else none (the restore creates it). The display-name
/// step is also what makes a resumed restore safe: an object created just before a crash is found.
/// Objects in <paramref name="claimed"/> (restored onto by other items of the same run) are never a
/// display-name match, so two backed-up policies with one name stay two policies.
/// </summary>
public sealed class RestoreTargetLookup(IGraphReader reader)
{
    public async Task<RestoreTarget?> FindAsync(
        GraphTenant tenant, PolicyTypeDefinition type, RestoreWorkItem item, CancellationToken cancellationToken,
        IReadOnlySet<string>? claimed = null)
    {
        // Cross-tenant, the captured id is the source tenant's: never looked up in the target.
        var byId = item.MatchByGraphId ? await reader.GetPolicyAsync(tenant, type, item.BackupGraphId, cancellationToken) : null;
        if (byId is not null && SameSubtype(byId.Payload, item.ODataType))
        {
            return new RestoreTarget(byId, RestoreTargetMatch.GraphId);
        }

        var displayName = DisplayNameOf(type, item);
        // The server's filter is a hint, never the decision: a Graph that ignored or loosened $filter must not
        // make the restore write onto a differently named object, so names and types are checked here.
        var candidates = (await reader.FindByDisplayNameAsync(tenant, type, displayName, cancellationToken))
            .Where(o => SameName(type, o, displayName) && SameSubtype(o, item.ODataType))
            .Select(o => o["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null)
            .OfType<string>()
            .Where(id => claimed is null || !claimed.Contains(id))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        switch (candidates.Count)
        {
            case 0:
                return null;
            case > 1:
                throw new RestoreTargetAmbiguousException(candidates.Count);
        }

        // The list answer lacks expanded navigation and assignments: read the full object, and check it again.
        var full = await reader.GetPolicyAsync(tenant, type, candidates[0], cancellationToken);
        return full is null || !SameName(type, full.Payload, displayName) || !SameSubtype(full.Payload, item.ODataType, strict: true)
            ? null
            : new RestoreTarget(full, RestoreTargetMatch.DisplayName);
    }

    /// <summary>
    /// The comparison Graph's <c>eq</c> makes on Intune display names: case-insensitive, every other character
    /// (spaces, punctuation, accents) equal. No trimming and no culture rules.
    /// </summary>
    public static bool SameName(PolicyTypeDefinition type, JsonObject candidate, string displayName) =>
        candidate[type.DisplayNameProperty] is JsonValue v && v.TryGetValue<string>(out var name) &&
        string.Equals(name, displayName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The display name the restored object carries: from the captured payload, else the backup item.</summary>
    public static string DisplayNameOf(PolicyTypeDefinition type, RestoreWorkItem item) =>
        item.Payload[type.DisplayNameProperty] is JsonValue v && v.TryGetValue<string>(out var name) && !string.IsNullOrWhiteSpace(name)
            ? name
            : item.DisplayName;

    /// <summary>
    /// Same @odata.type as the backup. A list entry may omit @odata.type (tolerated there); the full object
    /// written onto must carry the backup's type when the backup has one (<paramref name="strict"/>).
    /// </summary>
    private static bool SameSubtype(JsonObject candidate, string? odataType, bool strict = false) =>
        odataType is null ||
        (candidate["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t)
            ? string.Equals(t, odataType, StringComparison.OrdinalIgnoreCase)
            : !strict);
}
