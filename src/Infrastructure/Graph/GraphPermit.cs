using System.Threading.RateLimiting;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>The permits one attempt holds, and when it got them (a <see cref="TimeProvider"/> timestamp).</summary>
internal sealed class GraphPermit(List<RateLimitLease> leases, long acquiredAt, bool isWrite, GraphArea area = GraphArea.Intune) : IDisposable
{
    /// <summary>The budget area the permits were taken from.</summary>
    public GraphArea Area { get; } = area;

    public long AcquiredAt { get; } = acquiredAt;

    public bool IsWrite { get; } = isWrite;

    public void Dispose() => leases.ForEach(l => l.Dispose());
}
