namespace TenantAtlas.Application.Graph;

public static class GraphErrorCodes
{
    public const string NotFound = "graph.not_found";
    public const string Forbidden = "graph.forbidden";
    public const string Unauthorized = "graph.unauthorized";
    public const string Throttled = "graph.throttled";
    public const string Unavailable = "graph.unavailable";
    public const string BadRequest = "graph.bad_request";
    public const string Conflict = "graph.conflict";
    public const string Failed = "graph.error";
    public const string Network = "graph.network_error";
    public const string Timeout = "graph.timeout";
    public const string WriteBlocked = "graph.write_blocked";
    public const string CredentialsMissing = "graph.credentials_missing";

    /// <summary>The customer tenant has not granted (admin) consent to the app registration: only its administrator can fix it.</summary>
    public const string ConsentRequired = "graph.consent_required";

    /// <summary>
    /// A nested object (a DEP enrollment profile) cannot be created: the tenant has neither the captured parent (Apple
    /// token) nor exactly one other to put it under.
    /// </summary>
    public const string ParentNotFound = "graph.parent_not_found";
}
