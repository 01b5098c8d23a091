namespace TenantAtlas.Application.Graph;

/// <summary>
/// Marks the current async flow as read-only Graph work (restore preview). The gateway's read-only
/// guard, beneath both reader and writer, rejects every non-GET request while a scope is active.
/// </summary>
public static class GraphReadOnlyScope
{
    private static readonly AsyncLocal<int> Depth = new();

    public static bool IsActive => Depth.Value > 0;

    public static IDisposable Enter()
    {
        Depth.Value++;
        return new Exit();
    }

    private sealed class Exit : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (!disposed)
            {
                disposed = true;
                Depth.Value--;
            }
        }
    }
}
