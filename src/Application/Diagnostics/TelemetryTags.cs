namespace TenantAtlas.Application.Diagnostics;

/// <summary>
/// Attribute names on spans, metrics and log scopes. Values are ids, operation names and outcomes only:
/// never payloads, display names, tokens or headers.
/// </summary>
public static class TelemetryTags
{
    public const string TenantId = "tenant.id";
    public const string RunId = "run.id";
    public const string Operation = "run.operation";
    public const string ItemKey = "run.item_key";
    public const string Status = "run.status";
    public const string Outcome = "run.item_outcome";
    public const string HttpStatusCode = "http.response.status_code";
    public const string HttpMethod = "http.request.method";
}
