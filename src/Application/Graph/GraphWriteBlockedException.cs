namespace TenantAtlas.Application.Graph;

/// <summary>A write was attempted inside read-only (dry-run) work and was stopped before reaching Graph.</summary>
public sealed class GraphWriteBlockedException(string method, string path)
    : GraphException(new GraphError(GraphErrorCodes.WriteBlocked, $"A {method} request was blocked: this work is read-only.", null, null, null))
{
    public string Method { get; } = method;
    public string Path { get; } = path;
}
