using TenantAtlas.Application.Contracts;

namespace TenantAtlas.Application.Runs.Engine;

/// <summary>Publishes run messages to the bus (MessageId = RunId).</summary>
public interface IRunDispatcher
{
    Task PublishAsync(IRunMessage message, CancellationToken cancellationToken);
}
