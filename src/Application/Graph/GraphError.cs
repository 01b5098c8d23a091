namespace TenantAtlas.Application.Graph;

/// <summary>
/// A sanitized Graph failure: the only form in which Graph errors are stored or shown. Code is ours
/// (graph.not_found, graph.forbidden, graph.throttled, ...); GraphCode is Graph's own error code.
/// ClientRequestId and Date come from Graph's innerError (GUID and timestamp only); they are logged, not stored.
/// </summary>
public sealed record GraphError(
    string Code, string Message, int? HttpStatus, string? GraphCode, string? RequestId,
    string? ClientRequestId = null, DateTimeOffset? Date = null);
