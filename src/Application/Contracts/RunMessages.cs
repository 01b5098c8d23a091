using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Contracts;

/// <summary>Which message starts the work of a run.</summary>
public static class RunMessages
{
    public static IRunMessage For(Run run) => run switch
    {
        RestoreRun { IsDryRun: true } r => new GenerateRestorePreview(r.Id, r.TenantId),
        RestoreRun r => new ExecuteRestoreRun(r.Id, r.TenantId),
        BulkOperationRun b => b.Operation switch
        {
            RunOperations.PolicySync => new SyncPolicyInventory(b.Id, b.TenantId),
            RunOperations.PolicyCaptureSnapshot => new CapturePolicySnapshot(b.Id, b.TenantId),
            RunOperations.BackupSetCapture => new CaptureBackupSet(b.Id, b.TenantId),
            RunOperations.BackupSetAddPolicies => new AddPoliciesToBackupSet(b.Id, b.TenantId),
            RunOperations.DiagnosticPing => new DiagnosticPing(b.Id, b.TenantId),
            _ => throw new InvalidOperationException($"No message for operation '{b.Operation}'."),
        },
        _ => throw new InvalidOperationException("Unknown run kind."),
    };
}
