namespace TenantAtlas.Api.Errors;

/// <summary>
/// Refuses declared bodies over the limit before anything reads them, whatever the server (Kestrel also
/// enforces its MaxRequestBodySize for chunked bodies).
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > maxBytes)
            {
                throw new BadHttpRequestException($"The request body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            await next(context);
        });
}
