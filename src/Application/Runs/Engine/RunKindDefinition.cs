using TenantAtlas.Application.Contracts;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// Everything the engine needs to know of a run kind, declared once in <see cref="RunKinds"/>: its
/// operation name, the shape of its row, the message that nudges a worker, the job that does the work,
/// the resource it targets, the role needed to start it and how its failed items are retried. The
/// dispatcher, the consumers, the job registrations, the launcher's role check and retry-failed all read it.
/// </summary>
public abstract class RunKindDefinition
{
    public required string Operation { get; init; }

    /// <summary><see cref="BulkOperationRun"/> or <see cref="RestoreRun"/> (the row's shape).</summary>
    public required Type RunType { get; init; }

    public required Type MessageType { get; init; }

    /// <summary>An <see cref="IRunJob"/>, registered scoped from this declaration.</summary>
    public required Type JobType { get; init; }

    public required RunTarget Target { get; init; }

    public required TenantRole StartRole { get; init; }

    public required RunRetryRule Retry { get; init; }

    public abstract IRunMessage CreateMessage(Guid runId, Guid tenantId);

    public abstract void Accept(IRunMessageVisitor visitor);

    public override string ToString() => Operation;

    public static RunKindDefinition Declare<TMessage, TJob, TRun>(
        string operation, RunTarget target, TenantRole startRole, Func<Guid, Guid, TMessage> message, RunRetryRule retry)
        where TMessage : class, IRunMessage
        where TJob : class, IRunJob
        where TRun : Run =>
        new Typed<TMessage>(message)
        {
            Operation = operation,
            RunType = typeof(TRun),
            MessageType = typeof(TMessage),
            JobType = typeof(TJob),
            Target = target,
            StartRole = startRole,
            Retry = retry,
        };

    private sealed class Typed<TMessage>(Func<Guid, Guid, TMessage> message) : RunKindDefinition
        where TMessage : class, IRunMessage
    {
        public override IRunMessage CreateMessage(Guid runId, Guid tenantId) => message(runId, tenantId);

        public override void Accept(IRunMessageVisitor visitor) => visitor.Visit<TMessage>(this);
    }
}
