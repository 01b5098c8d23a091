using System.Diagnostics;

namespace TenantAtlas.Application.Diagnostics;

/// <summary>Ends a job or item span, its log scope and the run context when disposed.</summary>
public sealed class RunJobScope : IDisposable
{
    private readonly IDisposable? logScope;
    private readonly Action restore;
    private bool disposed;

    internal RunJobScope(Activity? activity, IDisposable? logScope, Action restore)
    {
        Activity = activity;
        this.logScope = logScope;
        this.restore = restore;
    }

    /// <summary>The span (null when nobody listens to the TenantAtlas source).</summary>
    public Activity? Activity { get; }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        restore();
        logScope?.Dispose();
        Activity?.Dispose();
    }
}
