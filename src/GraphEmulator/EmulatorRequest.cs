namespace TenantAtlas.GraphEmulator;

/// <summary>One request the emulator answered, as tests see it (inner $batch requests are logged too).</summary>
public sealed record EmulatorRequest(
    DateTimeOffset Time,
    Guid? TenantId,
    string Method,
    string Path,
    int Status,
    bool IsBatchInner)
{
    /// <summary>
    /// The Host header the request arrived with (e.g. 127.0.0.1:54321). Several emulator servers can share one
    /// state; a test giving each worker its own server tells by this which worker sent the request.
    /// </summary>
    public string? Host { get; init; }
}
