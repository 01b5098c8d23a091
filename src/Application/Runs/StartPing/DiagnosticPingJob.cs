using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.StartPing;

/// <summary>
/// A run with one item and no Graph call: proves end to end that a message published by the Api is
/// consumed by a worker that claims the run and finishes it in the database.
/// </summary>
public sealed class DiagnosticPingJob : IRunJob
{
    public const string PongAction = "pong";

    public async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        await context.SetTotalAsync(1, cancellationToken);
        await context.RecordItemAsync(new RunItem
        {
            ItemKey = "ping",
            Status = RunItemStatus.Succeeded,
            Action = PongAction,
        }, cancellationToken);
    }
}
