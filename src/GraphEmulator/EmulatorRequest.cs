namespace TenantAtlas.GraphEmulator;

/// <summary>One request the emulator answered, as tests see it (inner $batch requests are logged too).</summary>
public sealed record EmulatorRequest(
    DateTimeOffset Time,
    Guid? TenantId,
    string Method,
    string Path,
    int Status,
    bool IsBatchInner);
