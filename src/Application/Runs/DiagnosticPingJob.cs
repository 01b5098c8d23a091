using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs;

/// <summary>
/// A run with one item and no Graph call: proves end to end that a message published by the Api is
/// consumed by a worker that claims the run and finishes it in the database.
/// </summary>
public sealed class DiagnosticPingJob(RunExecutor executor)
{
    public Task ExecuteAsync(Guid runId, CancellationToken cancellationToken) =>
        executor.ExecuteAsync<BulkOperationRun>(runId, async (context, ct) =>
        {
            await context.SetTotalAsync(1, ct);
            await context.RecordItemAsync(new RunItem
            {
                ItemKey = "ping",
                Status = RunItemStatus.Succeeded,
                Action = "pong",
            }, ct);
        }, cancellationToken);
}
