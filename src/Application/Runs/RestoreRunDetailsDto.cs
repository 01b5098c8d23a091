using System.Text.Json;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

public sealed record RestoreRunDetailsDto(
    Guid BackupSetId, IReadOnlyList<Guid>? BackupItemIds, bool DryRun, bool IncludeAssignments,
    DateTimeOffset? PreviewGeneratedAt, Guid? SourcePreviewRunId)
{
    /// <summary>Cross-tenant restore: the tenant whose backup set this run restores into its own tenant.</summary>
    public Guid? SourceTenantId { get; init; }

    /// <summary>Cross-tenant: "drop" (unmapped assignments left out and reported per item) or "fail".</summary>
    public string? UnmappedAssignments { get; init; }

    public bool? CreateMissingReferences { get; init; }

    /// <summary>
    /// Cross-tenant preview: the mapping it proposes by display name, per kind (groups, assignmentFilters, scopeTags):
    /// "mapping" is in the mapping document's shape (PATCH it into /tenants/{target}/restore-mappings/{source}),
    /// "details" lists each source object with its name and state (proposed, ambiguous with candidates, unmatched).
    /// </summary>
    public System.Text.Json.Nodes.JsonNode? ProposedMapping { get; init; }

    public static RestoreRunDetailsDto From(RestoreRun run) => new(
        run.BackupSetId,
        run.Scope is null ? null : JsonSerializer.Deserialize<List<Guid>>(run.Scope),
        run.IsDryRun, run.IncludeAssignments, run.PreviewGeneratedAt, run.SourcePreviewRunId)
    {
        SourceTenantId = run.IsCrossTenant ? run.SourceTenantId : null,
        UnmappedAssignments = run.IsCrossTenant ? (run.FailOnUnmappedReferences ? "fail" : "drop") : null,
        CreateMissingReferences = run.IsCrossTenant ? run.CreateMissingReferences : null,
        ProposedMapping = run.ProposedMapping is null ? null : System.Text.Json.Nodes.JsonNode.Parse(run.ProposedMapping),
    };
}
