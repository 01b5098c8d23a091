namespace TenantAtlas.Domain.Restores;

/// <summary>
/// The mapping document of one (source, target) tenant pair for cross-tenant restore: which object of the target
/// tenant stands for a group, assignment filter, scope tag or named location id of the source. Owned by the target
/// (<see cref="TenantId"/>); one per pair. <see cref="Document"/> is the JSON of the four id maps.
/// </summary>
public sealed class RestoreMapping
{
    public Guid Id { get; set; }

    /// <summary>The target tenant (restores into it read this document).</summary>
    public Guid TenantId { get; set; }

    public Guid SourceTenantId { get; set; }

    /// <summary>JSON: {"groups":{src:tgt},"assignmentFilters":{...},"scopeTags":{...},"namedLocations":{...}}.</summary>
    public required string Document { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
