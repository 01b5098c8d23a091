using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Domain.Drift;

/// <summary>The summary of a finished <c>policy.drift_check</c> run (its items hold the per-policy results).</summary>
public sealed class DriftReport
{
    /// <summary>The drift check run.</summary>
    public Guid RunId { get; set; }
    public Guid TenantId { get; set; }
    public Guid BaselineBackupSetId { get; set; }
    /// <summary>The final status of the drift check run.</summary>
    public RunStatus Status { get; set; }
    public int Unchanged { get; set; }
    public int Changed { get; set; }
    public int Added { get; set; }
    public int Deleted { get; set; }
    public int Failed { get; set; }
    public DateTimeOffset CompletedAt { get; set; }

    public bool HasDrift => Changed + Added + Deleted > 0;
}
