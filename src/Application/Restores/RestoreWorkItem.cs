using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// One backup item of a restore run with the captured payload and assignments it restores, and the inventory
/// row (<see cref="PolicyId"/>) that follows the object the restore writes onto.
/// </summary>
public sealed record RestoreWorkItem(
    Guid BackupItemId,
    PolicyTypeDefinition? Type,
    string PolicyTypeName,
    string BackupGraphId,
    string DisplayName,
    JsonObject Payload,
    JsonArray Assignments,
    Guid PolicyId)
{
    /// <summary>The run item key: the backup item id (per-item results are keyed by it).</summary>
    /// <summary>
    /// False for a cross-tenant restore: the captured Graph id belongs to the source tenant, so the target is found by
    /// type and display name only.
    /// </summary>
    public bool MatchByGraphId { get; init; } = true;

    /// <summary>
    /// Cross-tenant: the item's references (mapped, proposed, ambiguous, unmapped) and warnings about what was dropped,
    /// stored with the item's result (its diff).
    /// </summary>
    public JsonObject? ReferenceReport { get; init; }

    public string ItemKey => BackupItemId.ToString("D");

    /// <summary>The @odata.type of the captured payload, if any (a target of another subtype is not a match).</summary>
    public string? ODataType => Payload["@odata.type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
}
