namespace TenantAtlas.Infrastructure.Graph;

/// <summary>The one retry layer (<c>Graph:Retry</c>): 429, 503, 504 and transient network errors.</summary>
public sealed class GraphRetryOptions
{
    /// <summary>
    /// Retries after 503, 504, network errors and attempt timeouts (<c>Graph:Retry:MaxRetryAttempts</c>). A 429 is
    /// retried for as long as <see cref="TotalBudget"/> allows, however often. 0 switches retrying off altogether.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First backoff delay when Graph sends no Retry-After; doubles per attempt, with jitter (<c>Graph:Retry:BaseDelay</c>).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on one delay, also on a Retry-After (<c>Graph:Retry:MaxDelay</c>).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Time budget of one request including its retries, its waits for the tenant's rate limiter and pauses; no retry
    /// starts whose wait would end past it (<c>Graph:Retry:TotalBudget</c>). This, not a count, ends throttling.
    /// </summary>
    public TimeSpan TotalBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of a single HTTP attempt, from when its rate-limit permits are granted (<c>Graph:Retry:AttemptTimeout</c>).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
