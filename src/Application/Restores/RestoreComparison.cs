using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// What restoring an item would change: the normalized current object against the normalized backup
/// version (and assignments when they are restored too). Before = the tenant now, after = the backup.
/// </summary>
public sealed record RestoreComparison(bool Exists, bool PayloadChanged, bool AssignmentsChanged, JsonObject Diff)
{
    public bool Unchanged => Exists && !PayloadChanged && !AssignmentsChanged;

    public static RestoreComparison Compute(GraphPolicy? current, RestoreWorkItem item, bool includeAssignments)
    {
        var backupPayload = PolicyPayload.Normalize(item.Payload);
        var currentPayload = current is null ? null : PolicyPayload.Normalize(current.Payload);
        var payloadDiff = JsonDiff.Compute(currentPayload, backupPayload);
        var diff = new JsonObject { ["payload"] = ToJson(payloadDiff) };

        var assignmentsChanged = false;
        if (includeAssignments)
        {
            var backupAssignments = PolicyPayload.NormalizeAssignments(item.Assignments);
            var currentAssignments = current is null ? new JsonArray() : PolicyPayload.NormalizeAssignments(current.Assignments);
            var assignmentDiff = JsonDiff.Compute(currentAssignments, backupAssignments);
            assignmentsChanged = assignmentDiff.Count > 0;
            diff["assignments"] = ToJson(assignmentDiff);
        }

        return new RestoreComparison(current is not null, payloadDiff.Count > 0, assignmentsChanged, diff);
    }

    private static JsonArray ToJson(IReadOnlyList<JsonDiffEntry> entries) =>
        new([.. entries.Select(e => (JsonNode)new JsonObject
        {
            ["path"] = e.Path,
            ["kind"] = e.Kind.ToString().ToLowerInvariant(),
            ["before"] = e.Before?.DeepClone(),
            ["after"] = e.After?.DeepClone(),
        })]);
}
