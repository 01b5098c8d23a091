using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.EndToEnd.Tests.Infrastructure;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.EndToEnd.Tests.Progress;

/// <summary>
/// Issue 10 item 5: the Api streams run changes written by the separate Worker host (over RabbitMQ) from
/// the RunEvents table: queued, running, progress and terminal events of a backup set capture of the demo
/// tenant; nothing for a client of another tenant; a reconnect with Last-Event-ID misses nothing.
/// </summary>
public sealed class RunStreamOverRabbitMqTests
{
    private const string Operator = "e2e-stream-operator";
    private const string Outsider = "e2e-stream-outsider";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private EndToEndEnvironment env = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => env = await EndToEndEnvironment.StartAsync(new Dictionary<string, string?>
    {
        ["RunStream:PollInterval"] = "00:00:00.200",
        ["RunStream:HeartbeatInterval"] = "00:00:01",
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await env.DisposeAsync();

    private static async Task<Guid> AcceptedRunIdAsync(HttpResponseMessage response, string? path = null)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (path is null ? body : body[path]!.AsObject())["id"]!.GetValue<Guid>();
    }

    [Test]
    public async Task Stream_clients_see_a_worker_processed_capture_from_queued_to_succeeded_only_in_their_tenant_and_resume_without_gaps()
    {
        var tenant = await EndToEndTenants.CreateAsync(env, Operator, TenantRole.Operator, "Contoso stream");
        var other = await EndToEndTenants.CreateAsync(env, Outsider, TenantRole.Owner, "Fabrikam stream");
        DemoTenantSeeder.SeedDemo(env.Emulator.State.GetOrAddTenant(tenant.EntraTenantId));
        var client = env.ApiClientFor(Operator);
        var syncId = await AcceptedRunIdAsync(await client.PostAsync($"/api/v1/tenants/{tenant.Id}/policies/sync", null));
        var sync = await env.WaitForAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().FirstAsync(r => r.Id == syncId), r => r.IsTerminal, Timeout);
        Assert.That(sync.Status, Is.EqualTo(RunStatus.Succeeded));

        await using var stream = await SseReader.OpenAsync(client, "/api/v1/runs/stream");
        await using var outsider = await SseReader.OpenAsync(env.ApiClientFor(Outsider), "/api/v1/runs/stream");
        var runId = await AcceptedRunIdAsync(
            await client.PostAsJsonAsync($"/api/v1/tenants/{tenant.Id}/backup-sets", new { name = "Whole tenant", all = true }), "run");

        var terminal = await stream.ReadUntilAsync(m => m.IsEvent && m.RunId == runId && m.Event == "run.status" && m.Status is not ("Queued" or "Running"), Timeout);

        Assert.That(terminal?.Status, Is.EqualTo("Succeeded"), string.Join("\n", stream.Received));
        var ofRun = stream.Events.Where(e => e.RunId == runId).ToList();
        Assert.That(ofRun.Where(e => e.Event == "run.status").Select(e => e.Status), Is.EqualTo(new[] { "Queued", "Running", "Succeeded" }));
        var progress = ofRun.Where(e => e.Event == "run.progress").ToList();
        Assert.That(progress, Is.Not.Empty, "coalesced progress events");
        Assert.That(progress.Select(p => p.Json["counts"]!["processed"]!.GetValue<int>()), Is.Ordered);
        Assert.That(progress[^1].Json["percent"]!.GetValue<int>(), Is.InRange(1, 100));
        Assert.That(terminal!.Json["counts"]!["succeeded"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(terminal.Json["percent"]!.GetValue<int>(), Is.EqualTo(100));
        Assert.That(ofRun.Select(e => long.Parse(e.Id!)), Is.Ordered.And.Unique);

        // The other tenant's client: its stream is alive (heartbeats) but carries none of these events.
        await outsider.ReadUntilAsync(_ => false, TimeSpan.FromSeconds(2));
        Assert.That(outsider.Received.Where(m => m.Comment == "keepalive"), Is.Not.Empty);
        Assert.That(outsider.Events, Is.Empty, string.Join("\n", outsider.Events));

        // A client that dropped after the Running event reconnects with it and gets everything after it.
        var running = ofRun.First(e => e.Status == "Running");
        await using var resumed = await SseReader.OpenAsync(client, "/api/v1/runs/stream", lastEventId: running.Id);
        var resumedTerminal = await resumed.ReadUntilAsync(m => m.IsEvent && m.Id == terminal.Id, TimeSpan.FromSeconds(15));
        Assert.That(resumedTerminal?.Status, Is.EqualTo("Succeeded"));
        var expected = ofRun.SkipWhile(e => e.Id != running.Id).Skip(1).Select(e => e.Id).ToList();
        Assert.That(resumed.Events.Where(e => e.RunId == runId).Select(e => e.Id), Is.EqualTo(expected));
    }
}
