using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Paging;

/// <summary>
/// Every list endpoint, enumerated from the endpoint data source (so a new list that does not page the same way
/// fails here), answers the one paging shape: items, page, pageSize, totalCount and nextLink; following nextLink
/// from the first page to the last reaches totalCount without repeating an item.
/// </summary>
public sealed class ListPagingShapeTests : ApiTestFixture
{
    private const int PerList = 3;
    private static readonly string[] ShapeFields = ["items", "page", "pageSize", "totalCount", "nextLink"];

    private readonly Dictionary<string, Guid> routeValues = new();
    private Guid runWithItems;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        var contoso = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner), ("reader", TenantRole.Reader), ("operator", TenantRole.Operator));
        await CreateTenantAsync("Fabrikam", ("owner", TenantRole.Owner));
        await CreateTenantAsync("Northwind", ("owner", TenantRole.Owner));
        routeValues["tenantId"] = contoso.Id;

        var owner = ClientFor("owner");
        for (var i = 0; i < PerList; i++)
        {
            await (await owner.PostJsonAsync($"/api/v1/tenants/{contoso.Id}/api-keys", new { name = $"key {i}", role = "Reader" }))
                .ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
            var schedule = await owner.PostJsonAsync($"/api/v1/tenants/{contoso.Id}/backup-schedules",
                new { name = $"schedule {i}", cronExpression = "0 2 * * *", timeZone = "UTC", retention = new { keepLast = 7 } });
            Assert.That(schedule.StatusCode, Is.EqualTo(HttpStatusCode.Created), await schedule.Content.ReadAsStringAsync());
        }

        var sets = new List<Guid>();
        for (var i = 0; i < PerList; i++)
        {
            sets.Add((await RestoreScenario.SeedBackupSetAsync(Factory, contoso.Id, items: PerList)).Id);
        }

        routeValues["backupSetId"] = sets[0];
        var now = DateTimeOffset.UtcNow;
        var ownerId = await DbAsync(db => Task.FromResult(db.Users.Single(u => u.Subject == "owner").Id));
        await DbAsync(async db =>
        {
            var policy = db.Policies.OrderBy(p => p.Id).First(p => p.TenantId == contoso.Id);
            routeValues["policyId"] = policy.Id;
            var first = db.PolicyVersions.Single(v => v.PolicyId == policy.Id);
            for (var n = 2; n <= PerList; n++)
            {
                db.PolicyVersions.Add(new PolicyVersion
                {
                    Id = Guid.NewGuid(), PolicyId = policy.Id, TenantId = contoso.Id, VersionNumber = n, CapturedAt = now.AddMinutes(n),
                    ContentHash = $"hash{n}", Payload = first.Payload, Assignments = "[]",
                });
            }

            var finished = PagingSeed.Runs(contoso.Id, PerList, now.AddMinutes(-10));
            var active = PagingSeed.Runs(contoso.Id, PerList, now, status: RunStatus.Queued);
            db.Runs.AddRange(finished);
            db.Runs.AddRange(active);
            for (var i = 0; i < PerList; i++)
            {
                db.Runs.Add(new RestoreRun
                {
                    Id = Guid.NewGuid(), TenantId = contoso.Id, BackupSetId = sets[0], ScopeHash = "h", IsDryRun = true, Operation = RestoreRun.OperationFor(true),
                    IdempotencyKey = $"seed:{Guid.NewGuid()}", RequestedBy = "test", CreatedAt = now.AddMinutes(-20 - i), UpdatedAt = now,
                });
            }

            runWithItems = finished[0].Id;
            for (var i = 0; i < PerList; i++)
            {
                db.RunItems.Add(new RunItem
                {
                    Id = Guid.NewGuid(), RunId = runWithItems, RunKind = RunKind.BulkOperation, TenantId = contoso.Id, ItemKey = $"item-{i}",
                    Status = RunItemStatus.Succeeded, UpdatedAt = now,
                });
            }

            db.AuditLogs.AddRange(PagingSeed.AuditLogs(contoso.Id, PerList, now));
            db.Notifications.AddRange(PagingSeed.Notifications(ownerId, contoso.Id, PerList, now));
            await db.SaveChangesAsync();
        });
    }

    private IReadOnlyList<RouteEndpoint> GetEndpoints() =>
        Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .ToList();

    private static bool AnswersAPage(RouteEndpoint endpoint) =>
        endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == StatusCodes.Status200OK
            && m.Type is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(PagedResult<>));

    /// <summary>Every GET of a collection (the route does not end in an id): the lists, except the event stream.</summary>
    private IReadOnlyList<string> ListRoutes() =>
        GetEndpoints().Where(AnswersAPage).Select(e => e.RoutePattern.RawText!).OrderBy(p => p, StringComparer.Ordinal).ToList();

    private string Url(string pattern) => Regex.Replace(pattern, "\\{([^}:]+)[^}]*\\}", m =>
        routeValues.TryGetValue(m.Groups[1].Value, out var value)
            ? value.ToString()
            : throw new AssertionException($"No seeded value for {{{m.Groups[1].Value}}} of {pattern}: add one to the seed."));

    [Test]
    public void Every_get_of_a_collection_answers_a_page_and_the_known_lists_are_among_them()
    {
        var collections = GetEndpoints()
            .Where(e => !e.RoutePattern.RawText!.TrimEnd('/').EndsWith('}') && !e.RoutePattern.RawText!.EndsWith("/stream", StringComparison.Ordinal))
            .Select(e => e.RoutePattern.RawText!).ToList();
        // Not lists of data: the fixed catalogue of supported types (the same ~30 entries for every caller) and the
        // retention plan of one schedule (computed for its sets, one answer).
        string[] notPaged = ["/api/v1/policy-types", "/api/v1/tenants/{tenantId}/backup-schedules/{scheduleId}/retention"];
        Assert.That(collections.Except(ListRoutes()).Except(notPaged), Is.Empty, "a GET of a collection that does not answer PagedResult<T>");
        Assert.That(ListRoutes(), Is.SupersetOf(new[]
        {
            "/api/v1/tenants/", "/api/v1/runs/active", "/api/v1/me/notifications/",
            "/api/v1/tenants/{tenantId}/runs/", "/api/v1/tenants/{tenantId}/restore-runs/", "/api/v1/tenants/{tenantId}/audit-logs",
            "/api/v1/tenants/{tenantId}/policies/", "/api/v1/tenants/{tenantId}/policies/{policyId}/versions",
            "/api/v1/tenants/{tenantId}/backup-sets/", "/api/v1/tenants/{tenantId}/backup-sets/{backupSetId}/items",
            "/api/v1/tenants/{tenantId}/api-keys/", "/api/v1/tenants/{tenantId}/members/",
        }));
    }

    [Test]
    public async Task Every_list_answers_items_page_pageSize_totalCount_and_nextLink()
    {
        var client = ClientFor("owner");
        foreach (var pattern in ListRoutes())
        {
            var body = await (await client.GetAsync(Url(pattern))).ReadAsync<JsonObject>(HttpStatusCode.OK);
            Assert.That(body.Select(p => p.Key), Is.EquivalentTo(ShapeFields), pattern);
            Assert.That(body["items"], Is.InstanceOf<JsonArray>(), pattern);
            Assert.That((body["page"]!.GetValue<int>(), body["pageSize"]!.GetValue<int>()), Is.EqualTo((1, Application.Common.Paging.DefaultPageSize)), pattern);
            Assert.That(body["totalCount"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(PerList), $"{pattern}: the seed fills every list");
            Assert.That(body["items"]!.AsArray(), Has.Count.EqualTo(body["totalCount"]!.GetValue<int>()), pattern);
            Assert.That(body.ContainsKey("nextLink") && body["nextLink"] is null, Is.True, $"{pattern}: nextLink is null on the last page");
        }
    }

    [Test]
    public async Task Following_nextLink_from_the_first_page_reaches_totalCount_on_every_list()
    {
        var client = ClientFor("owner");
        foreach (var pattern in ListRoutes())
        {
            var (items, total, pages) = await WalkAsync(client, Url(pattern) + "?pageSize=2", body => body["items"]!.AsArray());
            Assert.That(pages, Is.GreaterThanOrEqualTo(2), pattern);
            Assert.That(items, Has.Count.EqualTo(total), pattern);
            Assert.That(items.Distinct().Count(), Is.EqualTo(total), $"{pattern}: an item repeated");
        }
    }

    [Test]
    public async Task The_run_status_monitor_pages_its_items_with_a_nextLink_too()
    {
        var url = $"/api/v1/tenants/{routeValues["tenantId"]}/runs/{runWithItems}?pageSize=2";
        var (items, total, pages) = await WalkAsync(ClientFor("reader"), url, body => body["items"]!["items"]!.AsArray(), body => body["items"]!.AsObject());
        Assert.That((items.Count, total, pages), Is.EqualTo((PerList, PerList, 2)));
        Assert.That(items, Is.EquivalentTo(Enumerable.Range(0, PerList).Select(i => $"item-{i}")));
    }

    /// <summary>Reads the first page and follows nextLink to the end; checks page numbers and the link's form.</summary>
    private static async Task<(List<string> Items, int Total, int Pages)> WalkAsync(
        HttpClient client, string firstUrl, Func<JsonObject, JsonArray> items, Func<JsonObject, JsonObject>? page = null)
    {
        page ??= body => body;
        var seen = new List<string>();
        string? url = firstUrl;
        var pages = 0;
        var total = 0;
        while (url is not null)
        {
            Assert.That(pages, Is.LessThan(100), "nextLink never ends");
            var body = await (await client.GetAsync(url)).ReadAsync<JsonObject>(HttpStatusCode.OK);
            var shape = page(body);
            pages++;
            Assert.That(shape["page"]!.GetValue<int>(), Is.EqualTo(pages), url);
            Assert.That(shape["pageSize"]!.GetValue<int>(), Is.EqualTo(2), url);
            total = shape["totalCount"]!.GetValue<int>();
            seen.AddRange(items(body).Select(i => (i!["id"] ?? i["userId"] ?? i["itemKey"] ?? i["tenantId"])!.ToString()));
            url = shape["nextLink"]?.GetValue<string>();
            if (url is not null)
            {
                Assert.That(url, Does.StartWith(new Uri(new Uri("http://x"), firstUrl).AbsolutePath + "?"), "nextLink is root-relative, same path");
                Assert.That(url, Does.Contain("pageSize=2"));
            }
        }

        return (seen, total, pages);
    }
}
