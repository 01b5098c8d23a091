namespace TenantAtlas.Domain.Runs;

/// <summary>
/// Columns and transitions shared by every run kind. All runs live in one table (<c>Runs</c>, table per
/// hierarchy with a <see cref="Kind"/> discriminator); a subclass adds the typed columns of its shape.
/// </summary>
public abstract class Run
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>The run kind's operation name (<see cref="RunOperations"/>); it selects the kind's declaration.</summary>
    public required string Operation { get; set; }
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

    protected Run(RunKind kind) => Kind = kind;

    /// <summary>The shape of the run's row (the table's discriminator column), fixed by the subclass.</summary>
    public RunKind Kind { get; private set; }

    public bool IsTerminal => RunStateMachine.IsTerminal(Status);

    /// <summary>The claim of a queued run by a worker (the entity form of the executor's conditional claim).</summary>
    public void MarkRunning(DateTimeOffset now, TimeSpan lease)
    {
        Transition(RunStatus.Running, now);
        StartedAt ??= now;
        LeaseExpiresAt = now + lease;
        Attempt++;
    }

    /// <summary>A running run whose lease expired goes back to the queue (the entity form of the sweeper's requeue).</summary>
    public void ReturnToQueue(DateTimeOffset now)
    {
        Transition(RunStatus.Queued, now);
        LeaseExpiresAt = null;
        DispatchedAt = null;
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
