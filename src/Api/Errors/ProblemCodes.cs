namespace TenantAtlas.Api.Errors;

/// <summary>Stable problem `code` values by HTTP status, for errors that carry no more specific code.</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation_failed";

    public static string ForStatus(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        409 => "conflict",
        412 => "precondition_failed",
        428 => "precondition_required",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "too_many_requests",
        >= 500 => "internal_error",
        _ => "error",
    };
}
