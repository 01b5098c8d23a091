using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.BackupSets.Capture;

/// <summary>A backup set follows its capture and add-policies runs, however they end.</summary>
public sealed class BackupSetRunFinishedHandler : IRunFinishedHandler
{
    public bool Handles(Run run) =>
        run is BulkOperationRun { Operation: RunOperations.BackupSetCapture or RunOperations.BackupSetAddPolicies };

    public Task OnFinishedAsync(IAppDbContext db, Run run, CancellationToken cancellationToken)
    {
        var bulk = (BulkOperationRun)run;
        return BackupSetCapture.FinishSetAsync(db, bulk, addMode: bulk.Operation == RunOperations.BackupSetAddPolicies, cancellationToken);
    }
}
