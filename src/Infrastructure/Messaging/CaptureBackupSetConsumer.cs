using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.BackupSets.Capture;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class CaptureBackupSetConsumer(CaptureBackupSetJob job) : IConsumer<CaptureBackupSet>
{
    public Task Consume(ConsumeContext<CaptureBackupSet> context) => job.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
