using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>Runs a lambda as the run's job, so the lifecycle (claim, heartbeat, finish) is tested on its own.</summary>
internal static class RunExecutorTestExtensions
{
    public static Task<bool> ExecuteAsync<TRun>(
        this RunExecutor executor, Guid runId, Func<RunContext, CancellationToken, Task> work, CancellationToken cancellationToken)
        where TRun : Run =>
        executor.ExecuteAsync(runId, new DelegateJob(work), cancellationToken);

    private sealed class DelegateJob(Func<RunContext, CancellationToken, Task> work) : IRunJob
    {
        public Task RunAsync(RunContext context, CancellationToken cancellationToken) => work(context, cancellationToken);
    }
}
