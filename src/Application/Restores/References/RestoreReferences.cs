using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.References;

/// <summary>
/// Where restore and preview meet the id map: the map a run starts with, and an item's payload and assignments
/// rewritten through it before it is compared with the target or written.
/// </summary>
public static class RestoreReferences
{
    /// <summary>Error code of an item with a reference that has no id in the target tenant (never sent as is).</summary>
    public const string UnresolvedCode = "restore.unresolved_reference";

    /// <summary>The id map a run starts with. A restore into the backup's own tenant starts empty and passes ids through.</summary>
    public static Task<RestoreIdMap> ForRunAsync(IAppDbContext db, RestoreRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        return Task.FromResult(new RestoreIdMap());
    }

    /// <summary>The item with its references rewritten through the map, and the references the map could not resolve.</summary>
    public static (RestoreWorkItem Item, IReadOnlyList<UnresolvedReference> Unresolved) Prepare(RestoreWorkItem item, RestoreIdMap map)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(map);
        var (payload, unresolvedTags) = item.Type?.ScopeTagsProperty is { } scopeTags
            ? ReferenceRewriter.RewriteScopeTags(item.Payload, map, scopeTags)
            : (item.Payload.DeepClone().AsObject(), []);
        // Type-specific references (a compliance action's notification template, ...), through the same map.
        var unresolvedOwn = item.Type is null ? [] : TypeReferenceRewriter.Rewrite(payload, item.Type, map);
        var assignments = ReferenceRewriter.RewriteAssignments(item.Assignments, map);
        return (item with { Payload = payload, Assignments = assignments.Assignments }, [.. unresolvedTags, .. unresolvedOwn, .. assignments.Unresolved]);
    }

    /// <summary>A message naming what is missing (kinds and ids; ids of groups, filters and tags are not secrets).</summary>
    public static string Describe(IReadOnlyList<UnresolvedReference> unresolved) =>
        "No id in the target tenant for: " + string.Join(", ", unresolved.Select(u => $"{u.Kind} {u.SourceId} ({u.Path})")) + ".";
}
