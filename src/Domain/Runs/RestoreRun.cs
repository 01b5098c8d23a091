namespace TenantAtlas.Domain.Runs;

/// <summary>A restore (live) or restore preview (dry run) of a backup set, whole or a selection of items.</summary>
public sealed class RestoreRun : Run
{
    public Guid BackupSetId { get; set; }
    /// <summary>JSON array of selected backup item ids, or null for the whole set.</summary>
    public string? Scope { get; set; }
    public required string ScopeHash { get; set; }
    public bool IsDryRun { get; set; }
    public bool IncludeAssignments { get; set; }
    public DateTimeOffset? PreviewGeneratedAt { get; set; }
    /// <summary>The preview a live restore was started from, if any.</summary>
    public Guid? SourcePreviewRunId { get; set; }
    /// <summary>
    /// Cross-tenant restore: the tenant whose backup set is restored into this run's tenant (<see cref="Run.TenantId"/>
    /// is the target). Null for a restore into the backup's own tenant.
    /// </summary>
    public Guid? SourceTenantId { get; set; }
    /// <summary>Cross-tenant: an assignment (or scope tag) with no id in the target fails the item instead of being dropped and reported.</summary>
    public bool FailOnUnmappedReferences { get; set; }
    /// <summary>Cross-tenant: assignment filters and scope tags of the source with no counterpart are created in the target first.</summary>
    public bool CreateMissingReferences { get; set; }
    /// <summary>Cross-tenant preview: the mapping it proposed by display name (JSON, the shape of the mapping document plus details).</summary>
    public string? ProposedMapping { get; set; }

    public bool IsCrossTenant => SourceTenantId is { } source && source != TenantId;

    public RestoreRun()
        : base(RunKind.Restore)
    {
    }

    public static string OperationFor(bool dryRun) => dryRun ? RunOperations.RestorePreview : RunOperations.Restore;
}
