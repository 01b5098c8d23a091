using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores;

/// <summary>
/// Writes <c>restore.finished</c> when a live restore reaches its final status, however it ends
/// (finished by the job, cancelled, or abandoned by the recovery sweeper), with the final counts.
/// </summary>
public sealed class RestoreFinishedAuditHandler(TimeProvider time) : IRunFinishedHandler
{
    public bool Handles(Run run) => run is RestoreRun { IsDryRun: false };

    public Task OnFinishedAsync(IAppDbContext db, Run run, CancellationToken cancellationToken)
    {
        var restore = (RestoreRun)run;
        RestoreAudit.Add(db, restore, RestoreAudit.Finished, RestoreAudit.RunTargetType, restore.Id.ToString("D"), new Dictionary<string, object?>
        {
            ["status"] = restore.Status.ToString(),
            ["succeeded"] = restore.Succeeded,
            ["failed"] = restore.Failed,
            ["skipped"] = restore.Skipped,
            ["total"] = restore.Total,
            ["failureCode"] = restore.FailureCode,
        }, time.GetUtcNow());
        return Task.CompletedTask;
    }
}
