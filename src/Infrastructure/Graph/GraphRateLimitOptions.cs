namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Client-side budget per tenant (<c>Graph:RateLimit</c>); defaults are Intune's device configuration limits.</summary>
public sealed class GraphRateLimitOptions
{
    /// <summary>All requests per 20 s per tenant; each inner request of a $batch counts (<c>Graph:RateLimit:RequestsPer20Seconds</c>).</summary>
    public int RequestsPer20Seconds { get; set; } = 1000;

    /// <summary>POST/PATCH/PUT/DELETE per 20 s per tenant (<c>Graph:RateLimit:WritesPer20Seconds</c>).</summary>
    public int WritesPer20Seconds { get; set; } = 100;

    /// <summary>
    /// Whole seconds added to the 20 s window so requests delayed between permit and arrival still fit
    /// Graph's window (<c>Graph:RateLimit:SafetyMarginSeconds</c>). Costs about 5% of throughput per second.
    /// </summary>
    public int SafetyMarginSeconds { get; set; } = 1;
}
