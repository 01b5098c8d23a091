using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// State that follows a run's final status (e.g. a backup set's status). Called inside the unit of work
/// that saves the final status, on every path that ends a run: the executor, the recovery sweeper
/// (abandoned) and cancellation of a queued run.
/// </summary>
public interface IRunFinishedHandler
{
    bool Handles(Run run);

    Task OnFinishedAsync(IAppDbContext db, Run run, CancellationToken cancellationToken);
}
