using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.BackupSets.Capture;

/// <summary>The <c>backup_set.capture</c> run (spec T027): captures the selected policies into the new set; the set then follows the run (Ready, Partial, Failed).</summary>
public sealed class CaptureBackupSetJob(RunExecutor executor, BackupSetCapture capture)
{
    public Task ExecuteAsync(Guid runId, CancellationToken cancellationToken) =>
        executor.ExecuteAsync<BulkOperationRun>(
            runId,
            (context, ct) => capture.CaptureAsync(context, skipAlreadyInSet: false, ct),
            cancellationToken);
}
