using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// Set-based status changes of runs (one conditional UPDATE each, safe under concurrency). The guard,
/// which statuses may move to the new one, always comes from <see cref="RunStateMachine"/>, so the
/// database path refuses exactly what <see cref="Run"/>'s methods refuse.
/// </summary>
public static class RunTransitions
{
    /// <summary>
    /// Moves the runs of <paramref name="runs"/> that may legally reach <paramref name="to"/> there, with the
    /// extra column changes of <paramref name="also"/>; returns how many rows moved (0 when none was allowed to).
    /// </summary>
    public static Task<int> MoveAsync(
        IQueryable<Run> runs, RunStatus to, DateTimeOffset now, Action<UpdateSettersBuilder<Run>>? also, CancellationToken cancellationToken)
    {
        var from = RunStateMachine.SourcesOf(to).ToArray();
        if (from.Length == 0)
        {
            return Task.FromResult(0);
        }

        return runs.Where(r => from.Contains(r.Status)).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(r => r.Status, to);
            s.SetProperty(r => r.UpdatedAt, now);
            also?.Invoke(s);
        }, cancellationToken);
    }

    /// <summary>The claim of a worker: Queued and not cancelled -> Running with a lease; counts an attempt.</summary>
    public static Task<int> ClaimAsync(IQueryable<Run> runs, Guid runId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var leaseUntil = now + lease;
        return MoveAsync(runs.Where(r => r.Id == runId && r.CancelRequestedAt == null), RunStatus.Running, now, s =>
        {
            s.SetProperty(r => r.LeaseExpiresAt, leaseUntil);
            s.SetProperty(r => r.Attempt, r => r.Attempt + 1);
            s.SetProperty(r => r.StartedAt, r => r.StartedAt ?? now);
        }, cancellationToken);
    }

    /// <summary>The sweeper's recovery of a run whose lease expired without a word: back to Queued, the attempt stays spent.</summary>
    public static Task<int> RequeueExpiredAsync(IQueryable<Run> runs, Guid runId, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveAsync(runs.Where(r => r.Id == runId && r.LeaseExpiresAt != null && r.LeaseExpiresAt < now), RunStatus.Queued, now, s =>
        {
            s.SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null);
            s.SetProperty(r => r.DispatchedAt, (DateTimeOffset?)null);
        }, cancellationToken);

    /// <summary>
    /// An interruption the worker saw itself (host stopping, channel lost) hands the run back at once
    /// without spending its attempt, so broker blips never abandon a long run. Only the holder of
    /// <paramref name="attempt"/> may do it.
    /// </summary>
    public static Task<int> ReleaseAsync(IQueryable<Run> runs, Guid runId, int attempt, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveAsync(runs.Where(r => r.Id == runId && r.Attempt == attempt), RunStatus.Queued, now, s =>
        {
            s.SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null);
            s.SetProperty(r => r.DispatchedAt, (DateTimeOffset?)null);
            s.SetProperty(r => r.Attempt, r => r.Attempt - 1);
        }, cancellationToken);
}
