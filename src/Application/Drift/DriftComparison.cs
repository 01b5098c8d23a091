using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Drift;

/// <summary>
/// What changed in the tenant since the backup: the backup version against the live object, both through the
/// normalisation that restores and their previews use (<see cref="PolicyPayload.Normalize"/>,
/// <see cref="PolicyPayload.NormalizeAssignments"/>), so server-owned fields and ordering never count as drift.
/// Before = the backup, after = the tenant now.
/// </summary>
public sealed record DriftComparison(bool Changed, JsonObject Diff)
{
    public static DriftComparison Compute(JsonObject backupPayload, JsonArray backupAssignments, GraphPolicy live)
    {
        var payload = JsonDiff.Compute(PolicyPayload.Normalize(backupPayload), PolicyPayload.Normalize(live.Payload));
        var assignments = JsonDiff.Compute(PolicyPayload.NormalizeAssignments(backupAssignments), PolicyPayload.NormalizeAssignments(live.Assignments));
        return new DriftComparison(payload.Count + assignments.Count > 0, new JsonObject
        {
            ["payload"] = ToJson(payload),
            ["assignments"] = ToJson(assignments),
        });
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
