using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Domain.Notifications;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Concurrency;

/// <summary>ETag, If-None-Match (304) and If-Match (412 precondition_failed) on single resources that can change.</summary>
public sealed class ConditionalRequestTests
{
    private const string Stale = "\"0000000000000000000000000000000\"";
    private ApiFactory factory = null!;
    private Tenant tenant = null!;
    private User owner = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        factory = new ApiFactory();
        _ = factory.Services;
    }

    [OneTimeTearDown]
    public void Stop() => factory.Dispose();

    [SetUp]
    public async Task Reset()
    {
        await factory.ResetDatabaseAsync();
        tenant = await TestTenants.CreateAsync(factory);
        owner = await TestTenants.AddMemberAsync(factory, tenant.Id, "owner", TenantRole.Owner);
        client = factory.CreateClientFor("owner");
    }

    private static HttpRequestMessage With(HttpMethod method, string url, string header, string value, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.TryAddWithoutValidation(header, value);
        return request;
    }

    private async Task<string> ETagOfAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.ETag, Is.Not.Null, $"GET {url} answers an ETag");
        return response.Headers.ETag!.ToString();
    }

    private static async Task AssertPreconditionFailedAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("precondition_failed"));
    }

    [Test]
    public async Task Get_of_a_tenant_answers_an_etag_and_304_when_if_none_match_matches_it()
    {
        var url = $"/api/v1/tenants/{tenant.Id}";
        var etag = await ETagOfAsync(url);

        var notModified = await client.SendAsync(With(HttpMethod.Get, url, "If-None-Match", etag));
        var otherTag = await client.SendAsync(With(HttpMethod.Get, url, "If-None-Match", Stale));

        Assert.Multiple(async () =>
        {
            Assert.That(etag, Does.StartWith("\""), "a strong tag");
            Assert.That(await ETagOfAsync(url), Is.EqualTo(etag), "the same row has the same tag");
            Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(await notModified.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(notModified.Headers.ETag?.ToString(), Is.EqualTo(etag));
            Assert.That(otherTag.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Delete_of_a_backup_set_with_a_stale_if_match_is_412_and_keeps_it_and_with_the_current_tag_deletes_it()
    {
        var set = await RestoreScenario.SeedBackupSetAsync(factory, tenant.Id, items: 1);
        var url = $"/api/v1/tenants/{tenant.Id}/backup-sets/{set.Id}";
        var etag = await ETagOfAsync(url);
        Assert.That((await client.SendAsync(With(HttpMethod.Get, url, "If-None-Match", etag))).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        await AssertPreconditionFailedAsync(await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", Stale)));
        Assert.That(await factory.DbAsync(db => db.BackupSets.AnyAsync(s => s.Id == set.Id)), Is.True, "a 412 changes nothing");

        var deleted = await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", etag));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await factory.DbAsync(db => db.BackupSets.AnyAsync(s => s.Id == set.Id)), Is.False);

        // Gone: even If-Match: * no longer matches.
        await AssertPreconditionFailedAsync(await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", "*")));
    }

    [Test]
    public async Task Revoking_an_api_key_honours_if_match_and_changes_its_etag()
    {
        var created = await (await client.PostJsonAsync($"/api/v1/tenants/{tenant.Id}/api-keys", new { name = "ci", role = "Reader" }))
            .ReadAsync<JsonObject>(HttpStatusCode.Created);
        var url = $"/api/v1/tenants/{tenant.Id}/api-keys/{created["key"]!["id"]!.GetValue<Guid>()}";
        var etag = await ETagOfAsync(url);

        await AssertPreconditionFailedAsync(await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", Stale)));
        Assert.That(await factory.DbAsync(db => db.ApiKeys.AnyAsync(k => k.RevokedAt != null)), Is.False);

        var revoked = await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", etag));
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = await ETagOfAsync(url);
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.Not.EqualTo(etag), "revocation changes the representation");
            Assert.That(revoked.Headers.ETag?.ToString(), Is.EqualTo(after), "the answer carries the new tag");
        });
        await AssertPreconditionFailedAsync(await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", etag)));
    }

    [Test]
    public async Task Changing_a_member_role_with_a_stale_if_match_is_412_and_with_the_current_tag_succeeds()
    {
        var member = await TestTenants.AddMemberAsync(factory, tenant.Id, "mia", TenantRole.Reader);
        var url = $"/api/v1/tenants/{tenant.Id}/members/{member.Id}";
        var etag = await ETagOfAsync(url);
        StringContent Role(string role) => new($"{{\"role\":\"{role}\"}}", Encoding.UTF8, "application/json");

        await AssertPreconditionFailedAsync(await client.SendAsync(With(HttpMethod.Put, url, "If-Match", Stale, Role("Operator"))));
        Assert.That(await RoleOfAsync(member.Id), Is.EqualTo(TenantRole.Reader));

        var changed = await client.SendAsync(With(HttpMethod.Put, url, "If-Match", etag, Role("Operator")));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        Assert.That(await RoleOfAsync(member.Id), Is.EqualTo(TenantRole.Operator));

        // The old tag no longer matches: removing with it is refused, with the new one it works.
        await AssertPreconditionFailedAsync(await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", etag)));
        var removed = await client.SendAsync(With(HttpMethod.Delete, url, "If-Match", changed.Headers.ETag!.ToString()));
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task A_notification_has_an_etag_that_changes_when_it_is_read_and_read_honours_if_match()
    {
        var notification = new Notification
        {
            Id = Guid.NewGuid(), UserId = owner.Id, TenantId = tenant.Id, Type = "run.finished", Data = "{\"status\":\"Succeeded\"}", CreatedAt = DateTimeOffset.UtcNow,
        };
        await factory.DbAsync(async db => { db.Notifications.Add(notification); await db.SaveChangesAsync(); });
        var url = $"/api/v1/me/notifications/{notification.Id}";
        var etag = await ETagOfAsync(url);

        await AssertPreconditionFailedAsync(await client.SendAsync(With(HttpMethod.Post, $"{url}/read", "If-Match", Stale)));
        var read = await client.SendAsync(With(HttpMethod.Post, $"{url}/read", "If-Match", etag));

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ETagOfAsync(url), Is.Not.EqualTo(etag));
        Assert.That((await factory.CreateClientFor("someone-else").GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Requests_without_conditional_headers_behave_as_before()
    {
        var set = await RestoreScenario.SeedBackupSetAsync(factory, tenant.Id, items: 1);

        var deleted = await client.DeleteAsync($"/api/v1/tenants/{tenant.Id}/backup-sets/{set.Id}");

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(deleted.Headers.ETag, Is.Null);
    }

    private Task<TenantRole> RoleOfAsync(Guid userId) =>
        factory.DbAsync(db => db.TenantMemberships.Where(m => m.UserId == userId && m.TenantId == tenant.Id).Select(m => m.Role).SingleAsync());
}
