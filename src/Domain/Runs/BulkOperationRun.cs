namespace TenantAtlas.Domain.Runs;

/// <summary>A run over policies: sync, capture snapshot, backup set capture, add policies.</summary>
public sealed class BulkOperationRun : Run
{
    public Guid? TargetId { get; set; }
    /// <summary>Operation input as JSON (e.g. selected policy ids); never secrets.</summary>
    public string? Input { get; set; }

    public BulkOperationRun()
        : base(RunKind.BulkOperation)
    {
    }
}
