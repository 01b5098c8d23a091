namespace TenantAtlas.Application.Graph;

/// <summary>
/// Thrown by the Graph gateway. It carries only a sanitized <see cref="GraphError"/>; the message is
/// the sanitized message, so logging or storing it leaks nothing.
/// </summary>
public class GraphException(GraphError error) : Exception(error.Message)
{
    public GraphError Error { get; } = error;
}
