using System.ComponentModel.DataAnnotations;

namespace TenantAtlas.Infrastructure.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    [Required]
    public MessageTransport? Transport { get; set; }

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Messages handled at once by one process (all tenants).</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>
    /// Partitions for per-tenant fairness: one run per partition at a time, keyed by TenantId. A run waiting for its
    /// partition holds one of the <see cref="ConcurrentMessageLimit"/> slots, so with as many partitions as slots two
    /// tenants that hash alike serialise (16 random tenants fill only about 10 of 16 partitions); 256 keeps that rare.
    /// </summary>
    [Range(1, 1024)]
    public int TenantPartitions { get; set; } = 256;
}
