using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>Applies every <see cref="IRunFinishedHandler"/> that handles a run that just reached a final status.</summary>
public sealed class RunFinalization(IEnumerable<IRunFinishedHandler> handlers)
{
    public async Task ApplyAsync(IAppDbContext db, Run run, CancellationToken cancellationToken)
    {
        foreach (var handler in handlers.Where(h => h.Handles(run)))
        {
            await handler.OnFinishedAsync(db, run, cancellationToken);
        }
    }
}
