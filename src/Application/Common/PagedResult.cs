using System.Text.Json.Serialization;

namespace TenantAtlas.Application.Common;

/// <summary>
/// A page of a list: the one paging shape of every list endpoint (docs/api-contract-paging.md). Page numbers
/// start at 1. <c>nextLink</c> is the root-relative URL of the next page (it keeps the request's filters and
/// pageSize, and carries a cursor on lists that grow fast), null on the last page.
/// </summary>
/// <param name="Items">The items of this page, in the list's order.</param>
/// <param name="Page">The number of this page (1 for the first; a cursor page carries its number).</param>
/// <param name="PageSize">The requested page size (the last page may hold fewer items).</param>
/// <param name="TotalCount">How many items match the filters now, over all pages.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    /// <summary>The URL of the next page (root-relative), or null on the last page.</summary>
    public string? NextLink { get; init; }

    /// <summary>Where the next page starts (page number or cursor); the Api turns it into <see cref="NextLink"/>.</summary>
    [JsonIgnore]
    public PageContinuation? Next { get; init; }
}

/// <summary>Factories of <see cref="PagedResult{T}"/>.</summary>
public static class PagedResult
{
    /// <summary>A page read by offset: the next page is <c>page + 1</c> while items remain.</summary>
    public static PagedResult<T> Offset<T>(IReadOnlyList<T> items, int page, int pageSize, int totalCount)
    {
        var total = AtLeastSeen(totalCount, page, pageSize, items.Count);
        return new(items, page, pageSize, total)
        {
            Next = (long)page * pageSize < total && items.Count > 0 && page < Paging.MaxPage ? new PageContinuation(page + 1, Cursor: null) : null,
        };
    }

    /// <summary>
    /// The count and the items are two statements: a row inserted between them must not make a page claim fewer
    /// items in all than it holds with the pages before it (seen in CI: totalCount 2 on a page of 3). An empty page
    /// (one beyond the end) says nothing about the pages before it, so the count stands as read.
    /// </summary>
    internal static int AtLeastSeen(int totalCount, int page, int pageSize, int itemsOnPage) =>
        itemsOnPage == 0 ? totalCount : (int)Math.Min(int.MaxValue, Math.Max(totalCount, ((long)page - 1) * pageSize + itemsOnPage));
}
