using MassTransit;
using TenantAtlas.Application.Contracts;

namespace TenantAtlas.Infrastructure.Messaging;

/// <summary>The list of run consumers; a new run kind adds its consumer here (registration and endpoint).</summary>
internal static class RunConsumers
{
    public static void Add(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DiagnosticPingConsumer>();
        bus.AddConsumer<ExecuteRestoreRunConsumer>();
        bus.AddConsumer<GenerateRestorePreviewConsumer>();
    }

    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, IPartitioner partitioner)
    {
        endpoint.ConfigureRunConsumer<DiagnosticPingConsumer, DiagnosticPing>(context, partitioner);
        endpoint.ConfigureRunConsumer<ExecuteRestoreRunConsumer, ExecuteRestoreRun>(context, partitioner);
        endpoint.ConfigureRunConsumer<GenerateRestorePreviewConsumer, GenerateRestorePreview>(context, partitioner);
    }
}
