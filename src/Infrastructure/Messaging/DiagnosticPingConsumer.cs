using MassTransit;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class DiagnosticPingConsumer(DiagnosticPingJob job) : IConsumer<DiagnosticPing>
{
    public Task Consume(ConsumeContext<DiagnosticPing> context) => job.ExecuteAsync(context.Message.RunId, context.CancellationToken);
}
