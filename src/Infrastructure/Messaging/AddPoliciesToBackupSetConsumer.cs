using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.BackupSets.Capture;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class AddPoliciesToBackupSetConsumer(AddPoliciesToBackupSetJob job) : IConsumer<AddPoliciesToBackupSet>
{
    public Task Consume(ConsumeContext<AddPoliciesToBackupSet> context) => job.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
