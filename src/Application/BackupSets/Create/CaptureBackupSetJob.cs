using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.Runs.Engine;

namespace TenantAtlas.Application.BackupSets.Create;

/// <summary>The <c>backup_set.capture</c> run (spec T027): captures the selected policies into the new set; the set then follows the run (Ready, Partial, Failed).</summary>
public sealed class CaptureBackupSetJob(BackupSetCapture capture) : IRunJob
{
    public Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        capture.CaptureAsync(context, skipAlreadyInSet: false, cancellationToken);
}
