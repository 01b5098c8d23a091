using Mediator;

namespace TenantAtlas.Api.Concurrency;

/// <summary>ETag / If-None-Match / If-Match on the endpoints of single resources that can change.</summary>
public static class ConditionalRequestExtensions
{
    /// <summary>A GET of one resource: answers its ETag, and 304 when If-None-Match matches it.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(new ConditionalRequestFilter(current: null))
            .Produces(StatusCodes.Status304NotModified);

    /// <summary>
    /// A change of one resource (DELETE, PUT, PATCH, or a POST action on it): honours If-Match against the ETag of the
    /// representation <paramref name="current"/> reads (the same query its GET answers), 412 on mismatch; a changed
    /// resource in the answer gets its new ETag.
    /// </summary>
    public static RouteHandlerBuilder WithIfMatch<T>(this RouteHandlerBuilder builder, Func<HttpContext, IQuery<T>> current)
        where T : notnull =>
        builder.AddEndpointFilter(new ConditionalRequestFilter(async (http, mediator) => await mediator.Send(current(http), http.RequestAborted)))
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    /// <summary>A Guid route value (already bound by the time a filter runs).</summary>
    public static Guid RouteGuid(this HttpContext http, string name) =>
        Guid.TryParse(http.Request.RouteValues[name] as string, out var id) ? id : Guid.Empty;
}
