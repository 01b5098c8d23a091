using Mediator;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// How <c>retry-failed</c> starts a new run over the failed items of a finished run of a kind: the start
/// command of the kind it maps to, so the retry goes through the same validation, role check and idempotency
/// as a click. <see cref="NotRetryable"/> is a decision too: a kind must say which it is.
/// </summary>
public sealed class RunRetryRule
{
    private readonly Func<Run, IReadOnlyList<string>, ICommand<RunDto>?>? command;

    private RunRetryRule(Func<Run, IReadOnlyList<string>, ICommand<RunDto>?>? command) => this.command = command;

    public static RunRetryRule NotRetryable { get; } = new(null);

    public bool IsRetryable => command is not null;

    /// <summary>The retry is the start command built from the finished run and its failed item keys (null: nothing to retry).</summary>
    public static RunRetryRule Start<TRun>(Func<TRun, IReadOnlyList<string>, ICommand<RunDto>?> start) where TRun : Run =>
        new((run, failed) => start((TRun)run, failed));

    public ICommand<RunDto>? CommandFor(Run run, IReadOnlyList<string> failedItemKeys) => command?.Invoke(run, failedItemKeys);

    /// <summary>Item keys that are ids (policy or backup item ids), distinct.</summary>
    public static List<Guid> Ids(IEnumerable<string> itemKeys) =>
        itemKeys.Select(k => Guid.TryParse(k, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
}
