using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Policies.Sync;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class SyncPolicyInventoryConsumer(SyncPolicyInventoryJob job) : IConsumer<SyncPolicyInventory>
{
    public Task Consume(ConsumeContext<SyncPolicyInventory> context) => job.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
