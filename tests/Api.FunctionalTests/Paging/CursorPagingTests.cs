using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Paging;

/// <summary>
/// Lists that grow fast (runs, active runs, audit logs, notifications) page by keyset cursor: a client that follows
/// nextLink sees every row that existed when it started exactly once, whatever is inserted, finished or marked read
/// between its page reads; bad cursors are 400 paging.invalid_cursor.
/// </summary>
public sealed class CursorPagingTests : ApiTestFixture
{
    private Tenant tenant = null!;
    private Guid ownerId;

    private string Runs => $"/api/v1/tenants/{tenant.Id}/runs";

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner));
        ownerId = await DbAsync(db => db.Users.Where(u => u.Subject == "owner").Select(u => u.Id).SingleAsync());
    }

    /// <summary>Follows nextLink from <paramref name="firstUrl"/>, running <paramref name="between"/> after each page.</summary>
    private async Task<(List<Guid> Ids, List<JsonObject> Pages)> WalkAsync(string firstUrl, Func<List<Guid>, Task>? between = null)
    {
        var client = ClientFor("owner");
        var ids = new List<Guid>();
        var pages = new List<JsonObject>();
        string? url = firstUrl;
        while (url is not null)
        {
            Assert.That(pages, Has.Count.LessThan(1000), "nextLink never ends");
            var body = await (await client.GetAsync(url)).ReadAsync<JsonObject>(HttpStatusCode.OK);
            pages.Add(body);
            Assert.That(body["page"]!.GetValue<int>(), Is.EqualTo(pages[0]["page"]!.GetValue<int>() + pages.Count - 1), "consecutive page numbers");
            var pageIds = body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToList();
            ids.AddRange(pageIds);
            url = body["nextLink"]?.GetValue<string>();
            if (url is not null)
            {
                Assert.That(url, Does.Contain("cursor="), "fast lists continue by cursor");
                if (between is not null)
                {
                    await between(pageIds);
                }
            }
        }

        return (ids, pages);
    }

    [Test]
    public async Task Paging_runs_by_nextLink_neither_skips_nor_repeats_while_new_runs_are_inserted()
    {
        var now = DateTimeOffset.UtcNow;
        // 4 runs per instant, so ties on CreatedAt are broken by the id on every page boundary.
        var seeded = PagingSeed.Runs(tenant.Id, 3000, now.AddHours(-1), perInstant: 4);
        await DbAsync(db => PagingSeed.AddAsync(db, seeded));

        var clock = Stopwatch.StartNew();
        var inserted = 0;
        var (ids, pages) = await WalkAsync($"{Runs}?pageSize=200", async _ =>
        {
            // New runs start between page reads (the newest first list grows at its head).
            var fresh = PagingSeed.Runs(tenant.Id, 100, now.AddSeconds(++inserted * 10), perInstant: 5);
            await DbAsync(db => PagingSeed.AddAsync(db, fresh));
        });
        TestContext.Out.WriteLine($"3000 runs in {pages.Count} pages, {inserted * 100} inserted meanwhile: {clock.ElapsedMilliseconds} ms");

        Assert.That(ids, Has.Count.EqualTo(3000), "skipped or repeated");
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.EquivalentTo(seeded.Select(r => r.Id)));
        Assert.That(pages, Has.Count.EqualTo(15));
        Assert.That(pages[0]["totalCount"]!.GetValue<int>(), Is.EqualTo(3000));
        Assert.That(pages[^1]["totalCount"]!.GetValue<int>(), Is.EqualTo(3000 + inserted * 100), "totalCount is the count now");
        Assert.That(pages[^1]["nextLink"], Is.Null);

        var createdAt = await DbAsync(db => db.Runs.Where(r => r.TenantId == tenant.Id).ToDictionaryAsync(r => r.Id, r => r.CreatedAt));
        Assert.That(ids.Select(id => createdAt[id]), Is.Ordered.Descending, "newest first across every page boundary");
    }

    [Test]
    public async Task A_filter_is_kept_in_nextLink_and_the_walk_reaches_totalCount()
    {
        var now = DateTimeOffset.UtcNow;
        var queued = PagingSeed.Runs(tenant.Id, 45, now, perInstant: 3, status: RunStatus.Queued);
        await DbAsync(db => PagingSeed.AddAsync(db, queued.Concat(PagingSeed.Runs(tenant.Id, 30, now, perInstant: 3))));

        var (ids, pages) = await WalkAsync($"{Runs}?status=Queued&pageSize=10");

        Assert.That(ids, Is.EquivalentTo(queued.Select(r => r.Id)));
        Assert.That(pages.Select(p => p["totalCount"]!.GetValue<int>()), Is.All.EqualTo(45));
        Assert.That(pages, Has.Count.EqualTo(5));
        Assert.That(pages[0]["nextLink"]!.GetValue<string>(), Does.StartWith($"{Runs}?status=Queued&pageSize=10&cursor="));
    }

    [Test]
    public async Task Active_runs_page_past_the_old_1000_cap_without_skipping_runs_that_finish_meanwhile()
    {
        var queued = PagingSeed.Runs(tenant.Id, 1100, DateTimeOffset.UtcNow, perInstant: 2, status: RunStatus.Queued);
        await DbAsync(db => PagingSeed.AddAsync(db, queued));

        // Each page's runs finish before the next read: offset paging would skip a page of runs every time.
        var (ids, pages) = await WalkAsync("/api/v1/runs/active?pageSize=200", pageIds => DbAsync(db =>
            db.Runs.Where(r => pageIds.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Cancelled))));

        Assert.That(ids, Is.EquivalentTo(queued.Select(r => r.Id)));
        Assert.That(pages, Has.Count.EqualTo(6));
        Assert.That(pages[0]["totalCount"]!.GetValue<int>(), Is.EqualTo(1100));
    }

    [Test]
    public async Task Unread_notifications_marked_read_between_pages_are_not_skipped()
    {
        var notifications = PagingSeed.Notifications(ownerId, tenant.Id, 300, DateTimeOffset.UtcNow, perInstant: 3);
        await DbAsync(db => PagingSeed.AddAsync(db, notifications));

        var (ids, pages) = await WalkAsync("/api/v1/me/notifications?unread=true&pageSize=50", pageIds => DbAsync(db =>
            db.Notifications.Where(n => pageIds.Contains(n.Id)).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, DateTimeOffset.UtcNow))));

        Assert.That(ids, Is.EquivalentTo(notifications.Select(n => n.Id)));
        Assert.That(pages, Has.Count.EqualTo(6));
    }

    [Test]
    public async Task Audit_logs_appended_while_paging_are_read_once_at_the_end()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var seeded = PagingSeed.AuditLogs(tenant.Id, 500, start, perInstant: 5);
        await DbAsync(db => PagingSeed.AddAsync(db, seeded));
        var appended = new List<Guid>();
        var round = 0;

        var (ids, pages) = await WalkAsync($"/api/v1/tenants/{tenant.Id}/audit-logs?pageSize=100", async _ =>
        {
            var more = PagingSeed.AuditLogs(tenant.Id, 20, DateTimeOffset.UtcNow.AddMinutes(++round), perInstant: 5);
            appended.AddRange(more.Select(a => a.Id));
            await DbAsync(db => PagingSeed.AddAsync(db, more));
        });

        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.EquivalentTo(seeded.Select(a => a.Id).Concat(appended)), "oldest first: what is appended is read at the end");
        Assert.That(ids, Has.Count.EqualTo(pages[^1]["totalCount"]!.GetValue<int>()));
    }

    [Test]
    public async Task A_page_beyond_the_10000_newest_runs_is_answered()
    {
        await DbAsync(db => PagingSeed.AddAsync(db, PagingSeed.Runs(tenant.Id, 3, DateTimeOffset.UtcNow)));
        var body = await (await ClientFor("owner").GetAsync($"{Runs}?page=1000&pageSize=200")).ReadAsync<JsonObject>(HttpStatusCode.OK);
        Assert.That((body["page"]!.GetValue<int>(), body["items"]!.AsArray().Count, body["totalCount"]!.GetValue<int>()), Is.EqualTo((1000, 0, 3)));
        Assert.That(body["nextLink"], Is.Null);
    }

    [Test]
    public async Task A_page_number_then_nextLink_continues_after_that_page()
    {
        var seeded = PagingSeed.Runs(tenant.Id, 25, DateTimeOffset.UtcNow);
        await DbAsync(db => PagingSeed.AddAsync(db, seeded));
        var expected = seeded.OrderByDescending(r => r.CreatedAt).ToList();

        var (ids, pages) = await WalkAsync($"{Runs}?page=2&pageSize=10");

        Assert.That(pages.Select(p => p["page"]!.GetValue<int>()), Is.EqualTo(new[] { 2, 3 }));
        Assert.That(ids, Is.EqualTo(expected.Skip(10).Select(r => r.Id)));
    }

    private async Task<string> FirstCursorAsync(string url)
    {
        var body = await (await ClientFor("owner").GetAsync(url)).ReadAsync<JsonObject>(HttpStatusCode.OK);
        var next = body["nextLink"]!.GetValue<string>();
        return Uri.UnescapeDataString(next[(next.IndexOf("cursor=", StringComparison.Ordinal) + "cursor=".Length)..].Split('&')[0]);
    }

    [Test]
    public async Task A_bad_cursor_is_a_400_problem_with_code_paging_invalid_cursor()
    {
        await DbAsync(db => PagingSeed.AddAsync(db, PagingSeed.Runs(tenant.Id, 5, DateTimeOffset.UtcNow)));
        await DbAsync(db => PagingSeed.AddAsync(db, PagingSeed.AuditLogs(tenant.Id, 5, DateTimeOffset.UtcNow)));
        var cursor = await FirstCursorAsync($"{Runs}?pageSize=2");
        var flipped = cursor[..10] + (cursor[10] == 'A' ? 'B' : 'A') + cursor[11..];
        var client = ClientFor("owner");

        var cases = new Dictionary<string, string>
        {
            ["garbage"] = $"{Runs}?cursor=not-a-cursor",
            ["not base64url"] = $"{Runs}?cursor=%2B%2F%3D%3D",
            ["altered"] = $"{Runs}?cursor={flipped}",
            ["truncated"] = $"{Runs}?cursor={cursor[..^4]}",
            ["other filters"] = $"{Runs}?status=Queued&cursor={cursor}",
            ["other list"] = $"/api/v1/tenants/{tenant.Id}/audit-logs?cursor={cursor}",
            ["other tenant's list"] = $"/api/v1/runs/active?cursor={cursor}",
        };
        foreach (var (name, url) in cases)
        {
            var response = await client.GetAsync(url);
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), name);
            Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("paging.invalid_cursor"), name);
            Assert.That(problem["errors"]!["cursor"]!.AsArray(), Is.Not.Empty, name);
        }

        // The intact cursor still works, and page with cursor is a plain validation error.
        Assert.That((await client.GetAsync($"{Runs}?pageSize=2&cursor={cursor}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var both = await (await client.GetAsync($"{Runs}?page=2&cursor={cursor}")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(both["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        Assert.That(both["errors"]!.AsObject().Select(e => e.Key), Does.Contain("cursor"));
    }
}
