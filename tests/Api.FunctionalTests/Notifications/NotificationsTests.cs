using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Notifications;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Notifications;

/// <summary>Spec T009: run status notifications for the requesting user, visible only to that user.</summary>
public sealed class NotificationsTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override ApiFactory CreateFactory() => new(hostConsumers: true);

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync() =>
        tenant = await CreateTenantAsync("Contoso", ("alice", TenantRole.Operator), ("bob", TenantRole.Operator));

    private static async Task<PagedResult<NotificationDto>> WaitForAsync(HttpClient client, Guid runId, int count)
    {
        PagedResult<NotificationDto> page;
        // Bounded but generous: the run finishes in milliseconds alone, and in seconds on a loaded 2-core machine.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            page = await (await client.GetAsync("/api/v1/me/notifications?pageSize=200")).ReadAsync<PagedResult<NotificationDto>>(HttpStatusCode.OK);
            if (page.Items.Count(n => n.Data!["runId"]!.GetValue<string>() == runId.ToString()) >= count)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return page;
    }

    [Test]
    public async Task The_requester_gets_queued_running_and_terminal_notifications_with_a_link()
    {
        var alice = ClientFor("alice");
        var run = await (await alice.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        var page = await WaitForAsync(alice, run.Id, 3);
        var mine = page.Items.Where(n => n.Data!["runId"]!.GetValue<string>() == run.Id.ToString()).ToList();
        Assert.That(mine.Select(n => n.Data!["status"]!.GetValue<string>()), Is.EquivalentTo(new[] { "Queued", "Running", "Succeeded" }));
        Assert.That(mine.All(n => n.Type == "run.status_changed" && n.ReadAt is null));
        Assert.That(mine[0].Data!["link"]!.GetValue<string>(), Is.EqualTo($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}"));

        var bobs = await (await ClientFor("bob").GetAsync("/api/v1/me/notifications")).ReadAsync<PagedResult<NotificationDto>>(HttpStatusCode.OK);
        Assert.That(bobs.Items.Where(n => n.Data!["runId"]!.GetValue<string>() == run.Id.ToString()), Is.Empty, "bob did not request the run");
    }

    [Test]
    public async Task Marking_read_affects_only_the_callers_notifications()
    {
        var alice = ClientFor("alice");
        var bob = ClientFor("bob");
        var aliceRun = await (await alice.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        var bobRun = await (await bob.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
        var alicePage = await WaitForAsync(alice, aliceRun.Id, 3);
        var bobPage = await WaitForAsync(bob, bobRun.Id, 3);
        Assert.That(bobPage.Items.Count(n => n.Data!["runId"]!.GetValue<string>() == bobRun.Id.ToString()), Is.EqualTo(3), "bob's run did not finish in time");

        // Bob cannot mark Alice's notification: it does not exist for him.
        var aliceNotification = alicePage.Items.First();
        await (await bob.PostAsync($"/api/v1/me/notifications/{aliceNotification.Id}/read", null)).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.That((await alice.PostAsync($"/api/v1/me/notifications/{aliceNotification.Id}/read", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var marked = await (await alice.PostAsync("/api/v1/me/notifications/read-all", null)).ReadAsync<Api.Endpoints.MarkedReadDto>(HttpStatusCode.OK);
        Assert.That(marked.Marked, Is.GreaterThanOrEqualTo(1));
        var unread = await (await alice.GetAsync("/api/v1/me/notifications?unread=true")).ReadAsync<PagedResult<NotificationDto>>(HttpStatusCode.OK);
        Assert.That(unread.TotalCount, Is.EqualTo(0));

        var bobUnread = await (await bob.GetAsync("/api/v1/me/notifications?unread=true&pageSize=200")).ReadAsync<PagedResult<NotificationDto>>(HttpStatusCode.OK);
        Assert.That(bobUnread.TotalCount, Is.EqualTo(bobPage.TotalCount));
    }
}
