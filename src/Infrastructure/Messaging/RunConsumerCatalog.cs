namespace TenantAtlas.Infrastructure.Messaging;

/// <summary>The run message types this process consumes (empty when it only publishes), for the start-up check.</summary>
public sealed class RunConsumerCatalog
{
    private readonly HashSet<Type> messages = [];

    public IReadOnlyCollection<Type> Messages => messages;

    public bool HostsConsumers => messages.Count > 0;

    public void Add(IEnumerable<Type> consumed) => messages.UnionWith(consumed);
}
