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

    public RestoreRun()
        : base(RunKind.Restore)
    {
    }

    public static string OperationFor(bool dryRun) => dryRun ? RunOperations.RestorePreview : RunOperations.Restore;
}
