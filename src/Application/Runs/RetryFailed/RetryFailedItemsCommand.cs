using Mediator;

namespace TenantAtlas.Application.Runs.RetryFailed;

/// <summary>
/// Starts a new run of the same kind over only the failed items of a finished run, through the same start
/// command a user would send (so validation, role checks and idempotency are those of that start).
/// </summary>
public sealed record RetryFailedItemsCommand(Guid TenantId, Guid RunId) : ICommand<RunDto>;
