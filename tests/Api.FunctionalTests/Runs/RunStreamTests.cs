using System.Net;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>
/// GET /api/v1/runs/stream in process (the Worker-in-another-process case is in EndToEnd.Tests): events of
/// the caller's tenants only, resume with Last-Event-ID, heartbeats, the retry field and the query-string
/// token that only this path accepts.
/// </summary>
public sealed class RunStreamTests : ApiTestFixture
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private Tenant contoso = null!;
    private Tenant fabrikam = null!;

    protected override ApiFactory CreateFactory() => new ApiFactory()
        .With("RunStream:PollInterval", "00:00:00.100")
        .With("RunStream:HeartbeatInterval", "00:00:00.300");

    protected override async Task SeedAsync()
    {
        contoso = await CreateTenantAsync("Contoso", ("carol", TenantRole.Operator));
        fabrikam = await CreateTenantAsync("Fabrikam", ("frank", TenantRole.Operator));
    }

    private async Task<RunDto> PingAsync(Tenant tenant, string subject) =>
        await (await ClientFor(subject).PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null))
            .ReadAsync<RunDto>(HttpStatusCode.Accepted);

    private async Task CancelAsync(Tenant tenant, string subject, Guid runId) =>
        Assert.That((await ClientFor(subject).PostAsync($"/api/v1/tenants/{tenant.Id}/runs/{runId}/cancel", null)).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));

    [Test]
    public async Task Caller_receives_status_events_of_its_tenants_runs_with_ids_and_safe_data()
    {
        await using var stream = await SseReader.OpenAsync(ClientFor("carol"), "/api/v1/runs/stream");
        Assert.That(stream.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(stream.Response.Headers.CacheControl?.NoCache, Is.True);
        var first = await stream.NextAsync(Timeout);
        Assert.That(first?.Retry, Is.GreaterThan(0), "the stream opens with a retry field");

        var run = await PingAsync(contoso, "carol");
        await CancelAsync(contoso, "carol", run.Id);

        var queued = await stream.ReadUntilAsync(m => m.IsEvent, Timeout);
        var cancelled = await stream.ReadUntilAsync(m => m.IsEvent, Timeout);
        Assert.That(queued, Is.Not.Null);
        Assert.That(cancelled, Is.Not.Null);
        Assert.That((queued!.Event, queued.RunId, queued.Status), Is.EqualTo(("run.status", run.Id, "Queued")));
        Assert.That((cancelled!.Event, cancelled.RunId, cancelled.Status), Is.EqualTo(("run.status", run.Id, "Cancelled")));
        Assert.That(long.Parse(cancelled.Id!), Is.GreaterThan(long.Parse(queued.Id!)));

        var data = cancelled.Json;
        Assert.That(data["tenantId"]!.GetValue<Guid>(), Is.EqualTo(contoso.Id));
        Assert.That(data["kind"]!.GetValue<string>(), Is.EqualTo("BulkOperation"));
        Assert.That(data["operation"]!.GetValue<string>(), Is.EqualTo("diagnostic.ping"));
        Assert.That(data["percent"]!.GetValue<int>(), Is.EqualTo(100));
        Assert.That(data["counts"], Is.InstanceOf<JsonObject>());
        Assert.That(data["occurredAt"], Is.Not.Null);
    }

    [Test]
    public async Task A_caller_of_another_tenant_receives_none_of_the_events_but_heartbeats()
    {
        await using var outsider = await SseReader.OpenAsync(ClientFor("frank"), "/api/v1/runs/stream");
        var run = await PingAsync(contoso, "carol");
        await CancelAsync(contoso, "carol", run.Id);
        // Frank's own run afterwards proves his stream works and that Contoso's events came before it.
        var own = await PingAsync(fabrikam, "frank");

        var ownEvent = await outsider.ReadUntilAsync(m => m.IsEvent, Timeout);
        Assert.That(ownEvent?.RunId, Is.EqualTo(own.Id));
        await outsider.NextAsync(TimeSpan.FromSeconds(1));
        Assert.That(outsider.Events.Select(e => e.RunId), Has.None.EqualTo(run.Id));
        Assert.That(outsider.Events.Select(e => e.Json["tenantId"]!.GetValue<Guid>()), Has.All.EqualTo(fabrikam.Id));
        Assert.That(outsider.Received.Where(m => m.Comment == "keepalive"), Is.Not.Empty, "heartbeats keep an idle stream open");
    }

    [Test]
    public async Task Reconnecting_with_last_event_id_resumes_after_it_including_the_terminal_event()
    {
        var run = await PingAsync(contoso, "carol");
        var queuedId = await DbAsync(db => Task.FromResult(db.RunEvents.Where(e => e.RunId == run.Id).Max(e => e.Id)));
        await CancelAsync(contoso, "carol", run.Id);

        // Header form.
        await using (var resumed = await SseReader.OpenAsync(ClientFor("carol"), "/api/v1/runs/stream", lastEventId: queuedId.ToString()))
        {
            var next = await resumed.ReadUntilAsync(m => m.IsEvent, Timeout);
            Assert.That((next?.RunId, next?.Status), Is.EqualTo(((Guid?)run.Id, "Cancelled")));
            Assert.That(long.Parse(next!.Id!), Is.GreaterThan(queuedId));
        }

        // Query form (EventSource's first connection can carry a stored id this way), from before the run.
        await using var replay = await SseReader.OpenAsync(ClientFor("carol"), $"/api/v1/runs/stream?lastEventId={queuedId - 1}");
        var statuses = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            statuses.Add((await replay.ReadUntilAsync(m => m.IsEvent, Timeout))?.Status ?? "none");
        }

        Assert.That(statuses, Is.EqualTo(new[] { "Queued", "Cancelled" }));
    }

    [Test]
    public async Task Without_last_event_id_the_stream_starts_at_the_current_end()
    {
        var old = await PingAsync(contoso, "carol");
        await using var stream = await SseReader.OpenAsync(ClientFor("carol"), "/api/v1/runs/stream");
        var fresh = await PingAsync(contoso, "carol");

        var first = await stream.ReadUntilAsync(m => m.IsEvent, Timeout);

        Assert.That(first?.RunId, Is.EqualTo(fresh.Id), $"not the run {old.Id} that was queued before connecting");
    }

    [TestCase("abc")]
    [TestCase("-5")]
    public async Task A_malformed_last_event_id_is_a_400_problem(string value)
    {
        var response = await ClientFor("carol").GetAsync($"/api/v1/runs/stream?lastEventId={value}");
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
    }

    [Test]
    public async Task The_query_string_token_is_accepted_by_the_stream_only()
    {
        var token = Factory.Tokens.Create("carol");
        var anonymous = Factory.CreateClient();

        await using (var stream = await SseReader.OpenAsync(anonymous, $"/api/v1/runs/stream?access_token={token}"))
        {
            Assert.That(stream.Response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await anonymous.GetAsync($"/api/v1/runs/active?access_token={token}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await anonymous.GetAsync($"/api/v1/tenants/{contoso.Id}/runs?access_token={token}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await anonymous.GetAsync("/api/v1/runs/stream?access_token=not-a-token")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
