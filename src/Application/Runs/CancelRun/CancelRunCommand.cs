using Mediator;

namespace TenantAtlas.Application.Runs.CancelRun;

public sealed record CancelRunCommand(Guid TenantId, Guid RunId) : ICommand<RunDto>;
