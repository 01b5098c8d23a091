using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Restores.References;

/// <summary>
/// Rewrites the references every Intune type shares through a <see cref="RestoreIdMap"/>: assignment targets
/// (groupId, deviceAndAppManagementAssignmentFilterId) and the payload's roleScopeTagIds. Type-specific references
/// (named locations in conditional access, policy set items, ...) are rewritten by the type's own strategy with the
/// same map. Inputs are never modified; a reference that cannot be resolved is reported, never sent as is.
/// </summary>
public static class ReferenceRewriter
{
    public const string GroupIdProperty = "groupId";
    public const string FilterIdProperty = "deviceAndAppManagementAssignmentFilterId";
    public const string FilterTypeProperty = "deviceAndAppManagementAssignmentFilterType";
    public const string ScopeTagIdsProperty = "roleScopeTagIds";

    /// <summary>Built-in scope tag "Default" exists in every tenant with id 0 and is never remapped.</summary>
    public const string DefaultScopeTagId = "0";

    /// <summary>
    /// Rewrites each assignment's target. An assignment whose group is unresolved is left out of
    /// <see cref="AssignmentRewrite.Assignments"/> and reported; an unresolved filter is reported and the assignment
    /// is kept without its filter only if <paramref name="dropUnresolvedFilters"/> (otherwise left out too).
    /// </summary>
    public static AssignmentRewrite RewriteAssignments(JsonArray assignments, RestoreIdMap map, bool dropUnresolvedFilters = false)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(map);
        var result = new JsonArray();
        var unresolved = new List<UnresolvedReference>();
        for (var i = 0; i < assignments.Count; i++)
        {
            if (assignments[i]?.DeepClone() is not JsonObject assignment)
            {
                continue;
            }

            var keep = true;
            if (assignment["target"] is JsonObject target)
            {
                var path = $"$.assignments[{i}].target";
                if (StringOf(target[GroupIdProperty]) is { Length: > 0 } groupId)
                {
                    if (map.TryResolve(ReferenceKind.Group, groupId, out var mapped))
                    {
                        target[GroupIdProperty] = mapped;
                    }
                    else
                    {
                        unresolved.Add(new UnresolvedReference(ReferenceKind.Group, groupId, path + "." + GroupIdProperty));
                        keep = false;
                    }
                }

                if (StringOf(target[FilterIdProperty]) is { Length: > 0 } filterId && !IsEmptyGuid(filterId))
                {
                    if (map.TryResolve(ReferenceKind.AssignmentFilter, filterId, out var mapped))
                    {
                        target[FilterIdProperty] = mapped;
                    }
                    else
                    {
                        unresolved.Add(new UnresolvedReference(ReferenceKind.AssignmentFilter, filterId, path + "." + FilterIdProperty));
                        if (dropUnresolvedFilters)
                        {
                            target.Remove(FilterIdProperty);
                            target[FilterTypeProperty] = "none";
                        }
                        else
                        {
                            keep = false;
                        }
                    }
                }
            }

            if (keep)
            {
                result.Add(assignment);
            }
        }

        return new AssignmentRewrite(result, unresolved);
    }

    /// <summary>Rewrites roleScopeTagIds of a payload (a clone is returned); the built-in Default tag is kept as is.</summary>
    /// <param name="property">The scope tag ids property (roleScopeTags for assignment filters).</param>
    public static (JsonObject Payload, IReadOnlyList<UnresolvedReference> Unresolved) RewriteScopeTags(
        JsonObject payload, RestoreIdMap map, string property = ScopeTagIdsProperty)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(map);
        var clone = payload.DeepClone().AsObject();
        var unresolved = new List<UnresolvedReference>();
        if (clone[property] is not JsonArray tags)
        {
            return (clone, unresolved);
        }

        var rewritten = new JsonArray();
        for (var i = 0; i < tags.Count; i++)
        {
            if (StringOf(tags[i]) is not { Length: > 0 } tagId)
            {
                continue;
            }

            if (tagId == DefaultScopeTagId)
            {
                rewritten.Add(tagId);
            }
            else if (map.TryResolve(ReferenceKind.ScopeTag, tagId, out var mapped))
            {
                rewritten.Add(mapped);
            }
            else
            {
                unresolved.Add(new UnresolvedReference(ReferenceKind.ScopeTag, tagId, $"$.{property}[{i}]"));
            }
        }

        clone[property] = rewritten;
        return (clone, unresolved);
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsEmptyGuid(string value) => Guid.TryParse(value, out var g) && g == Guid.Empty;
}

/// <summary>Assignments with their references rewritten, and what could not be resolved.</summary>
public sealed record AssignmentRewrite(JsonArray Assignments, IReadOnlyList<UnresolvedReference> Unresolved);
