using System.Collections.Concurrent;

namespace TenantAtlas.Application.Diagnostics;

/// <summary>
/// The tenant attribute of per-tenant metrics with bounded cardinality: the first <see cref="Limit"/> tenants a
/// process sees get their own series (their id); any further tenant is reported as <see cref="Overflow"/>,
/// so an MSP with thousands of tenants cannot blow up the metrics backend.
/// </summary>
public static class TenantMetricTag
{
    public const string Overflow = "other";
    public const int DefaultLimit = 500;

    private static readonly ConcurrentDictionary<Guid, string> Known = new();
    private static int limit = DefaultLimit;

    /// <summary>Most distinct tenant values per process (Metrics:MaxTenantSeries).</summary>
    public static int Limit => Volatile.Read(ref limit);

    /// <summary>Sets the limit at start; tenants already given a series keep it.</summary>
    public static void Configure(int maxTenantSeries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTenantSeries);
        Volatile.Write(ref limit, maxTenantSeries);
    }

    public static string For(Guid tenantId)
    {
        if (Known.TryGetValue(tenantId, out var known))
        {
            return known;
        }

        // A race may admit a few tenants over the limit; the bound stays within the number of concurrent callers.
        return Known.Count < Limit ? Known.GetOrAdd(tenantId, id => id.ToString()) : Overflow;
    }
}
