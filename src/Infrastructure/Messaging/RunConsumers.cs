using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs.Engine;

namespace TenantAtlas.Infrastructure.Messaging;

/// <summary>
/// Generates the run consumers from <see cref="RunKinds"/>: one <see cref="RunMessageConsumer{TMessage}"/>
/// per declared message, every one on the runs queue behind the same tenant partitioner, so one process
/// works on at most one run per tenant partition at a time (a large tenant cannot starve the others)
/// while the endpoint's concurrency limit bounds the total.
/// </summary>
internal static class RunConsumers
{
    public static IReadOnlyCollection<Type> Add(IBusRegistrationConfigurator bus, IReadOnlyList<RunKindDefinition> kinds)
    {
        var registration = new Registration(bus);
        foreach (var kind in kinds)
        {
            kind.Accept(registration);
        }

        return registration.Messages;
    }

    public static void Configure(
        IReceiveEndpointConfigurator endpoint, IRegistrationContext context, IPartitioner partitioner, IReadOnlyList<RunKindDefinition> kinds)
    {
        var configuration = new EndpointConfiguration(endpoint, context, partitioner);
        foreach (var kind in kinds)
        {
            kind.Accept(configuration);
        }
    }

    private sealed class Registration(IBusRegistrationConfigurator bus) : IRunMessageVisitor
    {
        public List<Type> Messages { get; } = [];

        public void Visit<TMessage>(RunKindDefinition kind) where TMessage : class, IRunMessage
        {
            bus.AddConsumer<RunMessageConsumer<TMessage>>();
            Messages.Add(typeof(TMessage));
        }
    }

    private sealed class EndpointConfiguration(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, IPartitioner partitioner)
        : IRunMessageVisitor
    {
        public void Visit<TMessage>(RunKindDefinition kind) where TMessage : class, IRunMessage =>
            endpoint.ConfigureConsumer<RunMessageConsumer<TMessage>>(context, consumer =>
                consumer.Message<TMessage>(m => m.UsePartitioner(partitioner, p => p.Message.TenantId)));
    }
}
