using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs.Engine;

namespace TenantAtlas.Infrastructure.Messaging;

/// <summary>
/// The one consumer of run messages, closed over each declared kind's message type: it hands the run id
/// to the executor, which claims the run and runs the kind's job. Nothing kind-specific lives here.
/// </summary>
public sealed class RunMessageConsumer<TMessage>(RunExecutor executor) : IConsumer<TMessage>
    where TMessage : class, IRunMessage
{
    public Task Consume(ConsumeContext<TMessage> context) => executor.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
