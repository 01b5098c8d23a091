using Mediator;

namespace TenantAtlas.Application.Runs.StartPing;

/// <summary>Starts a diagnostic run that touches no Graph: proves the bus and a worker are alive end to end.</summary>
public sealed record StartPingCommand(Guid TenantId) : ICommand<RunDto>;
