using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Restores;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class ExecuteRestoreRunConsumer(ExecuteRestoreRunJob job) : IConsumer<ExecuteRestoreRun>
{
    public Task Consume(ConsumeContext<ExecuteRestoreRun> context) => job.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
