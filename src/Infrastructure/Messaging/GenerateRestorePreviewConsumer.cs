using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Restores;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class GenerateRestorePreviewConsumer(GenerateRestorePreviewJob job) : IConsumer<GenerateRestorePreview>
{
    public Task Consume(ConsumeContext<GenerateRestorePreview> context) => job.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
