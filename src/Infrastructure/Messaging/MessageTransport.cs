namespace TenantAtlas.Infrastructure.Messaging;

public enum MessageTransport
{
    InMemory,
    RabbitMq,
}
