using MassTransit;
using TenantAtlas.Application.Contracts;

namespace TenantAtlas.Infrastructure.Messaging;

/// <summary>
/// Every run consumer goes on the one runs queue behind the same tenant partitioner, so one process
/// works on at most one run per tenant partition at a time (a large tenant cannot starve the others)
/// while the endpoint's concurrency limit bounds the total.
/// </summary>
internal static class RunConsumerRegistration
{
    public static void ConfigureRunConsumer<TConsumer, TMessage>(
        this IReceiveEndpointConfigurator endpoint, IRegistrationContext context, IPartitioner partitioner)
        where TConsumer : class, IConsumer<TMessage>
        where TMessage : class, IRunMessage
    {
        endpoint.ConfigureConsumer<TConsumer>(context, consumer =>
            consumer.Message<TMessage>(m => m.UsePartitioner(partitioner, p => p.Message.TenantId)));
    }
}
