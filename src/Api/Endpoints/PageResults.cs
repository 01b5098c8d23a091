using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Api.Endpoints;

/// <summary>
/// The answer of every list endpoint: 200 with the page and its <c>nextLink</c>, the root-relative URL of the
/// next page built from this request (same path and filters, <c>page</c> or <c>cursor</c> replaced, pageSize kept).
/// </summary>
public static class PageResults
{
    public const string PageParameter = "page";
    public const string CursorParameter = "cursor";
    public const string PageSizeParameter = "pageSize";

    // Never copied into a link: the stream's query token is a credential.
    private static readonly string[] Dropped = [PageParameter, CursorParameter, PageSizeParameter, "access_token"];

    public static Ok<PagedResult<T>> Ok<T>(HttpContext http, PagedResult<T> page) => TypedResults.Ok(WithNextLink(http.Request, page));

    /// <summary>The page with its nextLink set from <paramref name="request"/> (null on the last page).</summary>
    public static PagedResult<T> WithNextLink<T>(HttpRequest request, PagedResult<T> page) =>
        page with { NextLink = page.Next is { } next ? NextLink(request, next, page.PageSize) : null };

    public static string NextLink(HttpRequest request, PageContinuation next, int pageSize)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in QueryHelpers.ParseQuery(request.QueryString.Value))
        {
            if (Dropped.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                query.Add(key, value ?? "");
            }
        }

        query.Add(PageSizeParameter, pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (next.Cursor is { } cursor)
        {
            query.Add(CursorParameter, cursor);
        }
        else
        {
            query.Add(PageParameter, next.Page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return request.PathBase.Add(request.Path).ToUriComponent() + query.ToQueryString().ToUriComponent();
    }
}
