namespace TenantAtlas.Domain.Runs;

/// <summary>The allowed run transitions (DESIGN.md section 3) and the final-status rule.</summary>
public static class RunStateMachine
{
    public static bool IsTerminal(RunStatus status) =>
        status is RunStatus.Succeeded or RunStatus.Partial or RunStatus.Failed or RunStatus.Cancelled;

    public static bool IsActive(RunStatus status) => status is RunStatus.Queued or RunStatus.Running;

    public static bool CanTransition(RunStatus from, RunStatus to) => (from, to) switch
    {
        (RunStatus.Queued, RunStatus.Running) => true,
        (RunStatus.Queued, RunStatus.Cancelled) => true,
        // A run-level fault detected before a claim (e.g. abandoned after MaxAttempts).
        (RunStatus.Queued, RunStatus.Failed) => true,
        (RunStatus.Running, RunStatus.Succeeded) => true,
        (RunStatus.Running, RunStatus.Partial) => true,
        (RunStatus.Running, RunStatus.Failed) => true,
        (RunStatus.Running, RunStatus.Cancelled) => true,
        // Only through lease expiry (recovery sweeper).
        (RunStatus.Running, RunStatus.Queued) => true,
        _ => false,
    };

    /// <summary>
    /// The statuses from which a run may move to <paramref name="to"/>: the guard of every set-based
    /// transition (the executor's claim, the sweeper's requeue), so the database path obeys the same rules
    /// as <see cref="Run"/>'s methods.
    /// </summary>
    public static IReadOnlyList<RunStatus> SourcesOf(RunStatus to) => Sources[(int)to];

    private static readonly RunStatus[][] Sources = Enum.GetValues<RunStatus>()
        .Select(to => Enum.GetValues<RunStatus>().Where(from => CanTransition(from, to)).ToArray())
        .ToArray();

    public static void EnsureCanTransition(RunStatus from, RunStatus to)
    {
        if (!CanTransition(from, to))
        {
            throw new InvalidRunTransitionException(from, to);
        }
    }

    /// <summary>
    /// All items succeeded or skipped: Succeeded; none succeeded and some failed: Failed; otherwise Partial.
    /// </summary>
    public static RunStatus FinalStatus(int succeeded, int failed, int skipped)
    {
        if (failed == 0)
        {
            return RunStatus.Succeeded;
        }

        return succeeded == 0 ? RunStatus.Failed : RunStatus.Partial;
    }
}
