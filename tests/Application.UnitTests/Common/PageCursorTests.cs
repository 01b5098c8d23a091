using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.UnitTests.Common;

public sealed class PageCursorTests
{
    private static readonly string Scope = PageCursor.Scope("runs", Guid.Parse("6f1c2a4e-0000-4000-8000-000000000001"), "Queued", null);
    private static readonly PageCursor Cursor = new(Page: 7, At: new DateTimeOffset(2026, 12, 2, 4, 0, 0, 123, TimeSpan.Zero).AddTicks(4567), Id: Guid.CreateVersion7());

    [Test]
    public void Round_trips_page_instant_and_id_as_url_safe_text()
    {
        var token = Cursor.Encode(Scope);
        Assert.That(token, Does.Match("^[A-Za-z0-9_-]+$"));
        Assert.That(PageCursor.Decode(token, Scope), Is.EqualTo(Cursor));
    }

    [Test]
    public void An_instant_with_an_offset_is_kept_as_the_same_utc_instant()
    {
        var local = Cursor with { At = Cursor.At.ToOffset(TimeSpan.FromHours(2)) };
        var decoded = PageCursor.Decode(local.Encode(Scope), Scope);
        Assert.That((decoded.At.UtcTicks, decoded.At.Offset), Is.EqualTo((Cursor.At.UtcTicks, TimeSpan.Zero)));
    }

    [Test]
    public void Every_altered_character_is_refused()
    {
        var token = Cursor.Encode(Scope);
        for (var i = 0; i < token.Length; i++)
        {
            var altered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(altered, Scope), $"position {i}");
        }
    }

    [TestCase("")]
    [TestCase("x")]
    [TestCase("not a cursor")]
    [TestCase("AQAAAAc")]
    [TestCase("====")]
    public void Malformed_tokens_are_refused(string token) =>
        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(token, Scope));

    [Test]
    public void A_cursor_of_other_filters_or_another_list_is_refused()
    {
        var token = Cursor.Encode(Scope);
        var otherFilter = PageCursor.Scope("runs", Guid.Parse("6f1c2a4e-0000-4000-8000-000000000001"), "Running", null);
        var otherList = PageCursor.Scope("audit-logs", Guid.Parse("6f1c2a4e-0000-4000-8000-000000000001"), "Queued", null);
        Assert.That(Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(token, otherFilter))!.Message, Does.Contain("other filters"));
        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(token, otherList));
    }

    [TestCase(1)]
    [TestCase(0)]
    [TestCase(-5)]
    [TestCase(Paging.MaxPage + 1)]
    public void A_page_number_out_of_range_is_refused(int page) =>
        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode((Cursor with { Page = page }).Encode(Scope), Scope));

    [Test]
    public void A_count_read_before_a_concurrent_insert_never_claims_fewer_items_than_the_page_shows()
    {
        // CI saw totalCount 2 on a page holding 3: the count ran, a row landed, then the items were read.
        Assert.That(PagedResult.Offset([1, 2, 3], page: 1, pageSize: 50, totalCount: 2).TotalCount, Is.EqualTo(3));
        Assert.That(PagedResult.Offset([7, 8], page: 3, pageSize: 2, totalCount: 5).TotalCount, Is.EqualTo(6));
        Assert.That(PagedResult.Offset([7, 8], page: 3, pageSize: 2, totalCount: 5).Next, Is.Null, "no row beyond those seen is known");
        Assert.That(PagedResult.Offset([1], page: 1, pageSize: 2, totalCount: 9).TotalCount, Is.EqualTo(9), "a larger count is kept");
        Assert.That(PagedResult.Offset<int>([], page: 1000, pageSize: 200, totalCount: 3).TotalCount, Is.EqualTo(3), "a page beyond the end proves nothing");
    }

    [Test]
    public void Offset_pages_continue_while_items_remain()
    {
        Assert.That(PagedResult.Offset([1, 2], page: 1, pageSize: 2, totalCount: 5).Next, Is.EqualTo(new PageContinuation(2, null)));
        Assert.That(PagedResult.Offset([5], page: 3, pageSize: 2, totalCount: 5).Next, Is.Null);
        Assert.That(PagedResult.Offset<int>([], page: 9, pageSize: 2, totalCount: 5).Next, Is.Null);
    }
}
