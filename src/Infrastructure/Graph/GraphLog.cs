using Microsoft.Extensions.Logging;
using TenantAtlas.Application.Diagnostics;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Gateway log messages: ids, methods, statuses, codes and sanitized messages only; never payloads, tokens, headers or query strings.</summary>
internal static partial class GraphLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Graph {Method} for tenant {TenantId} is retried (attempt {Attempt}) after {DelayMs} ms: status {Status}, exception {ExceptionType}")]
    public static partial void Retrying(ILogger logger, Guid tenantId, string method, int? status, string? exceptionType, double delayMs, int attempt);

    /// <summary>A failed Graph request (with the run it belongs to, when a job sends it), logged only through <see cref="GraphErrorSanitizer.Sanitize(GraphError)"/> (the same function as storage and answers).</summary>
    public static void Failed(ILogger logger, Guid tenantId, string method, GraphError error)
    {
        var safe = GraphErrorSanitizer.Sanitize(error);
        FailedSafe(logger, tenantId, RunTelemetry.Current?.RunId, method, safe.Code, safe.HttpStatus, safe.GraphCode, safe.RequestId, safe.ClientRequestId, safe.Message);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Graph {Method} for tenant {TenantId} (run {RunId}) failed: {Code} (HTTP {Status}, Graph code {GraphCode}, request-id {RequestId}, client-request-id {ClientRequestId}): {SafeMessage}")]
    private static partial void FailedSafe(
        ILogger logger, Guid tenantId, Guid? runId, string method, string code, int? status, string? graphCode, string? requestId, string? clientRequestId, string safeMessage);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Graph $batch for tenant {TenantId}: inner request {InnerId} answered {Status}; retried alone after {DelayMs} ms")]
    public static partial void BatchInnerRetry(ILogger logger, Guid tenantId, string innerId, int status, double delayMs);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "Graph throttled tenant {TenantId}: paused for {PauseMs} ms, {Budget} rate lowered to {Limit} per window")]
    public static partial void TenantThrottled(ILogger logger, Guid tenantId, string budget, double pauseMs, int limit);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Graph rate of tenant {TenantId} raised: {Budget} at {Limit} per window")]
    public static partial void TenantRateRaised(ILogger logger, Guid tenantId, string budget, int limit);
}
