namespace TenantAtlas.Api.Cors;

/// <summary>
/// Cross-origin access for browser clients (an SPA on another origin). Empty by default: no origin is allowed.
/// No credentials: browsers send Bearer/ApiKey headers, and EventSource uses the stream's ?access_token=.
/// </summary>
public sealed class ApiCorsOptions
{
    public const string Section = "Cors";

    /// <summary>Origins allowed to call the API, exactly as the browser sends them (scheme://host[:port]).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Response headers a cross-origin script may read.</summary>
    public static readonly string[] ExposedHeaders =
        ["Location", "Operation-Location", "Retry-After", "ETag", Idempotency.IdempotencyKeyMiddleware.ReplayedHeader];

    /// <summary>How long a browser may cache a preflight answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);
}
