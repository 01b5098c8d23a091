namespace TenantAtlas.Infrastructure.Messaging;

public sealed class RabbitMqOptions
{
    /// <summary>amqp://user:pass@host:5672/vhost</summary>
    public string Uri { get; set; } = "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>Quorum queues for clustered RabbitMQ.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>Prefix of queue names, so test runs and environments can share a broker.</summary>
    public string QueuePrefix { get; set; } = "tenantatlas";

    /// <summary>Auto-deleted, non-durable queues: for test runs only, never production.</summary>
    public bool TemporaryQueues { get; set; }
}
