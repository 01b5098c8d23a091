using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using TenantAtlas.Api.Input;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.Errors;

/// <summary>
/// Turns exceptions into RFC 9457 problem details with a stable `code`. Unexpected exceptions become a
/// 500 without message or stack trace.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail, errors) = exception switch
        {
            ValidationException v => (400, ProblemCodes.ValidationFailed, "One or more validation errors occurred.", (string?)null,
                v.Errors.GroupBy(e => Camel(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            BadHttpRequestException { InnerException: InvalidEnumValueException e } => (400, ProblemCodes.ValidationFailed, "One or more validation errors occurred.", (string?)null,
                new Dictionary<string, string[]> { [JsonField(e.Path)] = [e.Describe()] }),
            BadHttpRequestException b => (b.StatusCode, ProblemCodes.ForStatus(b.StatusCode), "The request is invalid.", SafeBadRequestDetail(b), null),
            InvalidCursorException c => (400, InvalidCursorException.Code, "The paging cursor is invalid.", (string?)null,
                new Dictionary<string, string[]> { ["cursor"] = [c.Message] }),
            NotFoundException n => (404, "not_found", "Not found.", n.Message, null),
            ForbiddenException f => (403, "forbidden", "Forbidden.", f.Message, null),
            ConflictException c => (409, c.Code, "Conflict.", c.Message, null),
            InvalidRunTransitionException t => (409, "run.invalid_transition", "Conflict.", t.Message, null),
            _ => (500, "internal_error", "An unexpected error occurred.", null, (Dictionary<string, string[]>?)null),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title };
        problem.Extensions["code"] = code;
        if (exception is ValidationException validation && ErrorCodes(validation) is { Count: > 0 } fieldCodes)
        {
            // Our own dotted codes (schedule.invalid_cron...) per field, next to the messages; FluentValidation's defaults are left out.
            problem.Extensions["errorCodes"] = fieldCodes;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static Dictionary<string, string[]> ErrorCodes(ValidationException exception) =>
        exception.Errors.Where(e => e.ErrorCode?.Contains('.', StringComparison.Ordinal) == true)
            .GroupBy(e => Camel(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorCode).Distinct().ToArray());

    /// <summary>"$.role" or "$.items[0].role" as the field name of the errors dictionary.</summary>
    private static string JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "request" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Camel(string name) =>
        string.IsNullOrEmpty(name) ? "request" : string.Join('.', name.Split('.').Select(p => p.Length > 0 ? char.ToLowerInvariant(p[0]) + p[1..] : p));

    // Binding messages name the parameter and the bad value; no internals.
    private static string SafeBadRequestDetail(BadHttpRequestException exception) => exception.StatusCode switch
    {
        413 => "The request body is too large.",
        415 => "The request content type is not supported; send application/json in UTF-8.",
        _ => exception.Message.Length <= 300 ? exception.Message : "The request is malformed.",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
