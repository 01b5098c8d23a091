namespace TenantAtlas.GraphEmulator.Http;

/// <summary>A response before it is written to HTTP or into a $batch response.</summary>
internal sealed class GraphResult(int status, byte[]? body, string requestId)
{
    public int Status { get; } = status;

    /// <summary>UTF-8 JSON, or null for bodiless answers such as 204.</summary>
    public byte[]? Body { get; } = body;

    public string RequestId { get; } = requestId;

    public List<KeyValuePair<string, string>> Headers { get; } = [];
}
