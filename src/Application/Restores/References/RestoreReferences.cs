using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Restores.Mappings;
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

    /// <summary>
    /// The id map a run starts with. A restore into the backup's own tenant starts empty and passes ids through. A
    /// cross-tenant run requires a mapping for every id and is seeded from the stored mapping document of its
    /// (source, target) pair; the run's option decides whether an unmapped reference is dropped or fails the item.
    /// </summary>
    public static async Task<RestoreIdMap> ForRunAsync(IAppDbContext db, RestoreRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        if (!run.IsCrossTenant)
        {
            return new RestoreIdMap();
        }

        var map = new RestoreIdMap(requireMapping: true)
        {
            UnmappedHandling = run.FailOnUnmappedReferences ? UnmappedReferenceHandling.Fail : UnmappedReferenceHandling.Drop,
        };
        var stored = await db.RestoreMappings.AsNoTracking()
            .Where(m => m.TenantId == run.TenantId && m.SourceTenantId == run.SourceTenantId)
            .Select(m => m.Document).FirstOrDefaultAsync(cancellationToken);
        RestoreMappingDocument.Parse(stored).Seed(map);
        return map;
    }

    /// <summary>The item with its references rewritten through the map (unmapped handling of the map), and what stays unresolved.</summary>
    public static (RestoreWorkItem Item, IReadOnlyList<UnresolvedReference> Unresolved) Prepare(RestoreWorkItem item, RestoreIdMap map) =>
        Prepare(item, map, map?.UnmappedHandling ?? UnmappedReferenceHandling.Drop);

    /// <summary>
    /// The item with its references rewritten through the map, and the references the map could not resolve. With
    /// <see cref="UnmappedReferenceHandling.Drop"/> a cross-tenant item comes back without the assignments (and
    /// scope tags) that have no id in the target, those are reported in its <see cref="RestoreWorkItem.ReferenceReport"/>
    /// as warnings, and nothing is unresolved: the item restores. With <see cref="UnmappedReferenceHandling.Fail"/>
    /// (and always for a same-tenant run) they are returned as unresolved and the item fails.
    /// </summary>
    public static (RestoreWorkItem Item, IReadOnlyList<UnresolvedReference> Unresolved) Prepare(
        RestoreWorkItem item, RestoreIdMap map, UnmappedReferenceHandling handling)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(map);
        var (payload, unresolvedTags) = item.Type?.ScopeTagsProperty is { } scopeTags
            ? ReferenceRewriter.RewriteScopeTags(item.Payload, map, scopeTags)
            : (item.Payload.DeepClone().AsObject(), []);
        // Type-specific references (a compliance action's notification template, ...), through the same map.
        var unresolvedOwn = item.Type is null ? [] : TypeReferenceRewriter.Rewrite(payload, item.Type, map);
        var assignments = ReferenceRewriter.RewriteAssignments(item.Assignments, map);
        IReadOnlyList<UnresolvedReference> unresolved = [.. unresolvedTags, .. assignments.Unresolved];
        if (!map.RequireMapping)
        {
            return (item with { Payload = payload, Assignments = assignments.Assignments }, [.. unresolved, .. unresolvedOwn]);
        }

        var drop = handling == UnmappedReferenceHandling.Drop;
        if (drop && unresolvedTags.Count > 0 && item.Type?.ScopeTagsProperty is { } tagsProperty && payload[tagsProperty] is JsonArray { Count: 0 } tags)
        {
            // Every tag was dropped: the object gets the built-in Default tag, as Graph gives an object created without tags.
            tags.Add(ReferenceRewriter.DefaultScopeTagId);
        }

        var report = Report(item, map, unresolved, dropped: drop);
        var prepared = item with
        {
            Payload = payload,
            Assignments = assignments.Assignments,
            MatchByGraphId = false,
            ReferenceReport = report,
        };
        // A type's own references (a template id, a policy set item) cannot be dropped: unresolved, they fail the item.
        return (prepared, drop ? unresolvedOwn : [.. unresolved, .. unresolvedOwn]);
    }

    /// <summary>A message naming what is missing (kinds and ids; ids of groups, filters and tags are not secrets).</summary>
    public static string Describe(IReadOnlyList<UnresolvedReference> unresolved) =>
        "No id in the target tenant for: " + string.Join(", ", unresolved.Select(u => $"{u.Kind} {u.SourceId} ({u.Path})")) + ".";

    /// <summary>
    /// The per-item report of a cross-tenant item: every group, filter and scope tag it refers to with its state
    /// (<see cref="ReferenceStatus"/>) and target id, and a warning per dropped assignment or scope tag.
    /// </summary>
    private static JsonObject Report(RestoreWorkItem item, RestoreIdMap map, IReadOnlyList<UnresolvedReference> unresolved, bool dropped)
    {
        var references = new JsonArray();
        var seen = new HashSet<(ReferenceKind, string)>();
        foreach (var (kind, sourceId, path) in Referenced(item))
        {
            if (!seen.Add((kind, sourceId.ToLowerInvariant())))
            {
                continue;
            }

            var note = map.NoteOf(kind, sourceId);
            var resolved = map.IsMapped(kind, sourceId) && map.TryResolve(kind, sourceId, out _);
            map.TryResolve(kind, sourceId, out var targetId);
            var status = resolved
                ? note?.Status is ReferenceStatus.Proposed or ReferenceStatus.Created or ReferenceStatus.WouldCreate ? note.Status : ReferenceStatus.Mapped
                : note?.Status == ReferenceStatus.Ambiguous ? ReferenceStatus.Ambiguous : ReferenceStatus.Unmapped;
            var entry = new JsonObject
            {
                ["kind"] = kind.ToString(),
                ["sourceId"] = sourceId,
                ["sourceDisplayName"] = note?.DisplayName,
                ["status"] = status,
                ["targetId"] = resolved ? targetId : null,
                ["path"] = path,
            };
            if (status == ReferenceStatus.Ambiguous && note?.Candidates is { } candidates)
            {
                entry["candidates"] = new JsonArray([.. candidates.Select(c => (JsonNode)c)]);
            }

            references.Add(entry);
        }

        var report = new JsonObject { ["references"] = references };
        if (dropped && unresolved.Count > 0)
        {
            report["warnings"] = new JsonArray([.. unresolved.Select(u => (JsonNode)Warning(u, map.NoteOf(u.Kind, u.SourceId)))]);
            report["droppedAssignments"] = new JsonArray([.. unresolved
                .Where(u => u.Kind != ReferenceKind.ScopeTag)
                .Select(u => AssignmentPath(u.Path)).Distinct(StringComparer.Ordinal).Select(p => (JsonNode)p)]);
        }

        return report;
    }

    private static string Warning(UnresolvedReference u, ReferenceNote? note)
    {
        var name = note?.DisplayName is { } n ? $" ('{n}')" : "";
        var why = note?.Status == ReferenceStatus.Ambiguous ? "has several candidates in the target" : "has no mapping in the target";
        return u.Kind == ReferenceKind.ScopeTag
            ? $"Scope tag {u.SourceId}{name} {why}; it was left out of roleScopeTagIds."
            : $"Assignment {AssignmentPath(u.Path)} was dropped: {u.Kind} {u.SourceId}{name} {why}.";
    }

    /// <summary>$.assignments[0].target.groupId -> $.assignments[0].</summary>
    private static string AssignmentPath(string path)
    {
        var end = path.IndexOf("].", StringComparison.Ordinal);
        return end < 0 ? path : path[..(end + 1)];
    }

    private static IEnumerable<(ReferenceKind Kind, string SourceId, string Path)> Referenced(RestoreWorkItem item)
    {
        // Groups and named locations a type names in its payload (conditional access conditions) are mapped like
        // assignment groups: the cross-tenant preview proposes them and the item's report lists them.
        if (item.Type is { } type)
        {
            foreach (var reference in TypeReferenceRewriter.Find(item.Payload, type)
                         .Where(r => r.Kind is ReferenceKind.Group or ReferenceKind.NamedLocation))
            {
                yield return reference;
            }
        }

        if (item.Payload[ReferenceRewriter.ScopeTagIdsProperty] is JsonArray tags)
        {
            for (var i = 0; i < tags.Count; i++)
            {
                if (tags[i] is JsonValue v && v.TryGetValue<string>(out var tag) && tag.Length > 0 && tag != ReferenceRewriter.DefaultScopeTagId)
                {
                    yield return (ReferenceKind.ScopeTag, tag, $"$.{ReferenceRewriter.ScopeTagIdsProperty}[{i}]");
                }
            }
        }

        for (var i = 0; i < item.Assignments.Count; i++)
        {
            if (item.Assignments[i]?["target"] is not JsonObject target)
            {
                continue;
            }

            if (target[ReferenceRewriter.GroupIdProperty] is JsonValue g && g.TryGetValue<string>(out var groupId) && groupId.Length > 0)
            {
                yield return (ReferenceKind.Group, groupId, $"$.assignments[{i}].target.{ReferenceRewriter.GroupIdProperty}");
            }

            if (target[ReferenceRewriter.FilterIdProperty] is JsonValue f && f.TryGetValue<string>(out var filterId) && filterId.Length > 0
                && !(Guid.TryParse(filterId, out var fg) && fg == Guid.Empty))
            {
                yield return (ReferenceKind.AssignmentFilter, filterId, $"$.assignments[{i}].target.{ReferenceRewriter.FilterIdProperty}");
            }
        }
    }

    /// <summary>Every group, filter and scope tag id the items refer to (what a cross-tenant run must map).</summary>
    public static IReadOnlyDictionary<ReferenceKind, IReadOnlySet<string>> ReferencedIds(IEnumerable<RestoreWorkItem> items)
    {
        var result = new Dictionary<ReferenceKind, HashSet<string>>();
        foreach (var item in items)
        {
            foreach (var (kind, id, _) in Referenced(item))
            {
                if (!result.TryGetValue(kind, out var set))
                {
                    result[kind] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                set.Add(id);
            }
        }

        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value);
    }
}
