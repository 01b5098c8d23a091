namespace TenantAtlas.Domain.Runs;

/// <summary>Operation names of runs; they are part of idempotency keys and the API, so they never change.</summary>
public static class RunOperations
{
    public const string PolicySync = "policy.sync";
    public const string PolicyCaptureSnapshot = "policy.capture_snapshot";
    public const string BackupSetCapture = "backup_set.capture";
    public const string BackupSetAddPolicies = "backup_set.add_policies";
    public const string Restore = "restore.execute";
    public const string RestorePreview = "restore.preview";
    public const string DiagnosticPing = "diagnostic.ping";
    public const string PolicyDriftCheck = "policy.drift_check";

    /// <summary>Every operation; each must have a run kind declaration (checked at start and by a test).</summary>
    public static readonly IReadOnlyList<string> All =
        [PolicySync, PolicyCaptureSnapshot, BackupSetCapture, BackupSetAddPolicies, Restore, RestorePreview, DiagnosticPing, PolicyDriftCheck];
}
