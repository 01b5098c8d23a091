using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.RetryFailed;

/// <summary>
/// Maps the finished run to the start command its kind declares (<see cref="RunKindDefinition.Retry"/>):
/// capture snapshot -> the same policy again; backup set capture or add policies -> add_policies of the
/// failed policy ids into the same set; sync -> a new sync; restore or preview -> the same backup set and
/// flags with scope = the failed backup item ids (a live restore still needs Owner, checked at its start).
/// Idempotency is that of the start: its key carries the scope of failed ids, so retrying twice while the
/// retry is active reuses it.
/// </summary>
public sealed class RetryFailedItemsCommandHandler(IAppDbContext db, ISender sender) : ICommandHandler<RetryFailedItemsCommand, RunDto>
{
    public const string NotFinishedCode = "run.not_finished";
    public const string NoFailedItemsCode = "run.no_failed_items";
    public const string NotRetryableCode = "run.not_retryable";

    public async ValueTask<RunDto> Handle(RetryFailedItemsCommand command, CancellationToken cancellationToken)
    {
        var run = await RunQueries.FindAsync(db, command.TenantId, command.RunId, cancellationToken)
            ?? throw new NotFoundException("Run", command.RunId);
        if (!run.IsTerminal)
        {
            throw new ConflictException(NotFinishedCode, $"The run is {run.Status}; only a finished run can be retried.");
        }

        var failed = await db.RunItems.AsNoTracking()
            .Where(i => i.RunId == run.Id && i.Status == RunItemStatus.Failed)
            .OrderBy(i => i.ItemKey)
            .Select(i => i.ItemKey)
            .ToListAsync(cancellationToken);
        if (failed.Count == 0)
        {
            throw new ConflictException(NoFailedItemsCode, "The run has no failed items to retry.");
        }

        var retry = RunKinds.Find(run.Operation)?.Retry.CommandFor(run, failed)
            ?? throw new ConflictException(NotRetryableCode, $"Runs of operation {run.Operation} cannot be retried.");
        return await sender.Send(retry, cancellationToken);
    }
}
