namespace TenantAtlas.Domain.Runs;

/// <summary>Columns and transitions shared by every run kind.</summary>
public abstract class Run
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public RunStatus Status { get; private set; } = RunStatus.Queued;
    public int Total { get; set; }
    public int Processed { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }
    /// <summary>Dedupe key while Queued/Running; see RunIdempotency.</summary>
    public required string IdempotencyKey { get; set; }
    /// <summary>Display form of the requester: "user:{id}" or "apikey:{id}" or "system".</summary>
    public required string RequestedBy { get; set; }
    public Guid? RequestedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset? CancelRequestedAt { get; set; }
    /// <summary>Safe failure code such as graph.forbidden or run.abandoned.</summary>
    public string? FailureCode { get; set; }
    /// <summary>Safe, sanitized failure summary.</summary>
    public string? FailureMessage { get; set; }

    public abstract RunKind Kind { get; }
    public abstract string OperationName { get; }

    public bool IsTerminal => RunStateMachine.IsTerminal(Status);

    public void MarkRunning(DateTimeOffset now, TimeSpan lease)
    {
        Transition(RunStatus.Running, now);
        StartedAt ??= now;
        LeaseExpiresAt = now + lease;
        Attempt++;
    }

    public void ReturnToQueue(DateTimeOffset now)
    {
        Transition(RunStatus.Queued, now);
        LeaseExpiresAt = null;
    }

    public void Cancel(DateTimeOffset now)
    {
        Transition(RunStatus.Cancelled, now);
        FinishedAt = now;
        LeaseExpiresAt = null;
    }

    public void Fail(DateTimeOffset now, string code, string message)
    {
        Transition(RunStatus.Failed, now);
        FailureCode = code;
        FailureMessage = message;
        FinishedAt = now;
        LeaseExpiresAt = null;
    }

    /// <summary>Finishes a running run from its item counts by the final-status rule.</summary>
    public void Complete(DateTimeOffset now)
    {
        var final = RunStateMachine.FinalStatus(Succeeded, Failed, Skipped);
        Transition(final, now);
        FinishedAt = now;
        LeaseExpiresAt = null;
    }

    public void SetCounts(int total, int succeeded, int failed, int skipped)
    {
        Total = total;
        Succeeded = succeeded;
        Failed = failed;
        Skipped = skipped;
        Processed = succeeded + failed + skipped;
    }

    private void Transition(RunStatus to, DateTimeOffset now)
    {
        RunStateMachine.EnsureCanTransition(Status, to);
        Status = to;
        UpdatedAt = now;
    }
}
