using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.BackupSets.Capture;

/// <summary>The <c>backup_set.add_policies</c> run (spec T029): captures added policies into an existing set; policies already in it are skipped items.</summary>
public sealed class AddPoliciesToBackupSetJob(RunExecutor executor, BackupSetCapture capture)
{
    public Task ExecuteAsync(Guid runId, CancellationToken cancellationToken) =>
        executor.ExecuteAsync<BulkOperationRun>(
            runId,
            (context, ct) => capture.CaptureAsync(context, skipAlreadyInSet: true, ct),
            cancellationToken);
}
