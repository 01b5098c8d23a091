using Microsoft.Extensions.Logging;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Gateway log messages: ids, methods, statuses and codes only; never payloads, tokens, headers or query strings.</summary>
internal static partial class GraphLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Graph {Method} for tenant {TenantId} is retried (attempt {Attempt}) after {DelayMs} ms: status {Status}, exception {ExceptionType}")]
    public static partial void Retrying(ILogger logger, Guid tenantId, string method, int? status, string? exceptionType, double delayMs, int attempt);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Graph {Method} for tenant {TenantId} (run {RunId}) failed: {Code} (HTTP {Status}, Graph code {GraphCode}, request-id {RequestId})")]
    public static partial void Failed(ILogger logger, Guid tenantId, Guid? runId, string method, string code, int? status, string? graphCode, string? requestId);

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
