using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Infrastructure.Messaging;

internal sealed class MassTransitRunDispatcher(IPublishEndpoint publish) : IRunDispatcher
{
    public Task PublishAsync(IRunMessage message, CancellationToken cancellationToken) =>
        publish.Publish((object)message, message.GetType(), ctx => ctx.MessageId = message.RunId, cancellationToken);
}
