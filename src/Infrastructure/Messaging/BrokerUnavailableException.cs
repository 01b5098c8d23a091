namespace TenantAtlas.Infrastructure.Messaging;

/// <summary>The bus reports itself unhealthy (the broker cannot be reached), so nothing is published now.</summary>
public sealed class BrokerUnavailableException() : Exception("The message broker is unavailable.");
