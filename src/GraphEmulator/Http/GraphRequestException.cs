namespace TenantAtlas.GraphEmulator.Http;

/// <summary>Raised inside request handling to answer with Graph's error envelope.</summary>
internal sealed class GraphRequestException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}
