using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.Runs.Engine;

namespace TenantAtlas.Application.BackupSets.AddPolicies;

/// <summary>The <c>backup_set.add_policies</c> run (spec T029): captures added policies into an existing set; policies already in it are skipped items.</summary>
public sealed class AddPoliciesToBackupSetJob(BackupSetCapture capture) : IRunJob
{
    public Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        capture.CaptureAsync(context, skipAlreadyInSet: true, cancellationToken);
}
