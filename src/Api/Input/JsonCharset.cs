using Microsoft.Net.Http.Headers;

namespace TenantAtlas.Api.Input;

/// <summary>
/// The API reads UTF-8 JSON only (RFC 8259 section 8.1). A body declared in another or an unknown charset
/// (<c>charset=bogus</c>, <c>utf-7</c>, <c>utf-16</c>) is refused with 415 before anything reads it; left to the
/// JSON reader, an unknown charset is an exception that surfaced as 500.
/// </summary>
public static class JsonCharset
{
    public static IApplicationBuilder UseUtf8RequestBodies(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var contentType = context.Request.ContentType;
            if (!string.IsNullOrEmpty(contentType) && !IsAcceptable(contentType))
            {
                throw new BadHttpRequestException("The request body must be UTF-8.", StatusCodes.Status415UnsupportedMediaType);
            }

            await next(context);
        });

    private static bool IsAcceptable(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charsetParameter = media.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
        if (charsetParameter is null)
        {
            return true;
        }

        var charset = charsetParameter.Value.ToString().Trim('"');
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
