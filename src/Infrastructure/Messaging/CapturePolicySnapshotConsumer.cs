using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Policies.CaptureSnapshot;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class CapturePolicySnapshotConsumer(CapturePolicySnapshotJob job) : IConsumer<CapturePolicySnapshot>
{
    public Task Consume(ConsumeContext<CapturePolicySnapshot> context) => job.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
