using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Api.Concurrency;

/// <summary>
/// Conditional requests (RFC 9110 section 13) on one resource. Before a change, <c>If-Match</c> is compared with the
/// tag of the current representation (loaded by <paramref name="current"/>; 412 precondition_failed on mismatch or
/// when the resource is gone); a successful change answers the new tag when the resource still exists. A GET's 200
/// answer gets the <c>ETag</c> of its body, and one whose <c>If-None-Match</c> matches it answers 304 without a body. Runs after authorization, so it reveals nothing more.
/// </summary>
internal sealed class ConditionalRequestFilter(Func<HttpContext, IMediator, ValueTask<object>>? current) : IEndpointFilter
{
    public const string PreconditionFailedCode = "precondition_failed";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (current is not null && request.Headers.IfMatch.Count > 0)
        {
            var tag = await CurrentTagAsync(http, current);
            if (!ResourceETag.Matches(request.Headers.IfMatch, tag, strong: true))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status412PreconditionFailed,
                    title: "Precondition failed.",
                    detail: tag is null
                        ? "The resource does not exist, so If-Match cannot match."
                        : "The resource changed: If-Match does not match its current ETag. Read it again and retry.",
                    extensions: new Dictionary<string, object?> { ["code"] = PreconditionFailedCode });
            }
        }

        var result = await next(context);
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            if (outcome is IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
            {
                var etag = ResourceETag.For(value, http);
                http.Response.Headers.ETag = etag;
                if (ResourceETag.Matches(request.Headers.IfNoneMatch, etag, strong: false))
                {
                    return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                }
            }
        }
        else if (current is not null && outcome is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }
                 && await CurrentTagAsync(http, current) is { } changed)
        {
            // The tag the next GET answers (read back, not hashed from this answer, whose shape or precision may differ).
            http.Response.Headers.ETag = changed;
        }

        return result;
    }

    private static async Task<string?> CurrentTagAsync(HttpContext http, Func<HttpContext, IMediator, ValueTask<object>> current)
    {
        var mediator = http.RequestServices.GetRequiredService<IMediator>();
        try
        {
            var representation = await current(http, mediator);
            return ResourceETag.For(representation, http);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
