using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs.Engine;

namespace TenantAtlas.Infrastructure.Messaging;

/// <summary>
/// Publishes run messages (MessageId = RunId). While the bus reports itself unhealthy (broker unreachable)
/// it does not wait for a connection: the start answers at once and the recovery sweeper publishes the
/// Queued run once the broker is back (the run row is the outbox).
/// </summary>
internal sealed class MassTransitRunDispatcher(IPublishEndpoint publish, IBusControl bus) : IRunDispatcher
{
    public Task PublishAsync(IRunMessage message, CancellationToken cancellationToken)
    {
        if (bus.CheckHealth().Status == BusHealthStatus.Unhealthy)
        {
            throw new BrokerUnavailableException();
        }

        return publish.Publish((object)message, message.GetType(), ctx => ctx.MessageId = message.RunId, cancellationToken);
    }
}
