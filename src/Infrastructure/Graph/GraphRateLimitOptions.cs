namespace TenantAtlas.Infrastructure.Graph;

/// <summary>
/// Client-side budget per tenant (<c>Graph:RateLimit</c>); defaults are Intune's device configuration limits.
/// They are ceilings: a tenant that answers 429 pauses for its Retry-After and runs below them until it recovers.
/// </summary>
public sealed class GraphRateLimitOptions
{
    /// <summary>All requests per window per tenant; each inner request of a $batch counts (<c>Graph:RateLimit:RequestsPer20Seconds</c>).</summary>
    public int RequestsPer20Seconds { get; set; } = 1000;

    /// <summary>POST/PATCH/PUT/DELETE per window per tenant (<c>Graph:RateLimit:WritesPer20Seconds</c>).</summary>
    public int WritesPer20Seconds { get; set; } = 100;

    /// <summary>
    /// The window both budgets count over (<c>Graph:RateLimit:Window</c>): Intune's 20 s, which the key names keep.
    /// Only tests scale it down, together with the emulator's window.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Whole seconds added to the 20 s window so requests delayed between permit and arrival still fit
    /// Graph's window (<c>Graph:RateLimit:SafetyMarginSeconds</c>). Costs about 5% of throughput per second.
    /// </summary>
    public int SafetyMarginSeconds { get; set; } = 1;

    /// <summary>
    /// The budgets of Entra identity routes (identity/..., conditional access) per tenant, kept apart from Intune's
    /// (<c>Graph:RateLimit:Identity</c>). Graph documents "1 request per second per tenant for all apps" for
    /// conditional access policies and named locations (identity protection and conditional access service limits),
    /// i.e. 20 per 20 s; it documents no separate write limit for them (assumed: writes share the same budget).
    /// </summary>
    public GraphAreaRateLimitOptions Identity { get; set; } = new() { RequestsPer20Seconds = 20, WritesPer20Seconds = 20 };
}

/// <summary>The request and write budgets of one Graph area per tenant (<c>Graph:RateLimit:{Area}</c>).</summary>
public sealed class GraphAreaRateLimitOptions
{
    /// <summary>All requests per window per tenant in the area (<c>RequestsPer20Seconds</c>).</summary>
    public int RequestsPer20Seconds { get; set; }

    /// <summary>POST/PATCH/PUT/DELETE per window per tenant in the area (<c>WritesPer20Seconds</c>).</summary>
    public int WritesPer20Seconds { get; set; }
}
