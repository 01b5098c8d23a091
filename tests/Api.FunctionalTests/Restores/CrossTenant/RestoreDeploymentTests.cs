using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.Api.FunctionalTests.Restores.CrossTenant;

/// <summary>POST /restore-deployments: one backup of a baseline tenant rolled out to several customers, one run per target.</summary>
public sealed class RestoreDeploymentTests : EmulatorBackedTests
{
    [Test]
    public async Task Deployment_starts_one_run_per_target_and_replays_with_the_same_idempotency_key()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var (second, secondGraph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        secondGraph.Directory().AddGroup(CrossTenantScenario.Finance);
        var client = Factory.CreateClientFor("olivia");
        var body = new
        {
            sourceTenantId = s.Source.Id, backupSetId = s.Set.Id, dryRun = false, includeAssignments = true,
            targets = new[] { s.Target.Id, second.Id },
        };

        var first = await Send(client, body, "rollout-1");
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), firstBody);
        var runs = JsonNode.Parse(firstBody)!["runs"]!.AsArray();
        Assert.That(runs.Select(r => r!["targetTenantId"]!.GetValue<Guid>()), Is.EqualTo(new[] { s.Target.Id, second.Id }));
        foreach (var r in runs)
        {
            var runId = r!["run"]!["id"]!.GetValue<Guid>();
            Assert.That(r["location"]!.GetValue<string>(), Is.EqualTo($"/api/v1/tenants/{r["targetTenantId"]}/runs/{runId}"));
            Assert.That(r["run"]!["tenantId"]!.GetValue<Guid>(), Is.EqualTo(r["targetTenantId"]!.GetValue<Guid>()));
        }

        var replay = await Send(client, body, "rollout-1");
        Assert.That(replay.Headers.TryGetValues("Idempotent-Replayed", out _), Is.True);
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(firstBody));

        foreach (var r in runs)
        {
            var finished = await RestoreScenario.WaitForTerminalAsync(Factory, r!["run"]!["id"]!.GetValue<Guid>());
            Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
            Assert.That(finished.SourceTenantId, Is.EqualTo(s.Source.Id));
        }

        Assert.That(await DbAsync(db => db.Runs.CountAsync(r => r.TenantId == s.Target.Id || r.TenantId == second.Id)), Is.EqualTo(2));
        Assert.That(s.TargetGraph.Count(RestoreScenario.DeviceConfigurations), Is.EqualTo(3));
        Assert.That(secondGraph.Count(RestoreScenario.DeviceConfigurations), Is.EqualTo(3));
        foreach (var tenant in new[] { s.Target, second })
        {
            var started = await DbAsync(db => db.AuditLogs.AsNoTracking().CountAsync(a => a.TenantId == tenant.Id && a.Action == "restore.started"));
            Assert.That(started, Is.EqualTo(1), "each target has its own audit");
        }
    }

    [Test]
    public async Task Deployment_starts_nothing_when_one_target_is_not_allowed()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var (other, _) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Operator));
        var response = await Send(Factory.CreateClientFor("olivia"), new
        {
            sourceTenantId = s.Source.Id, backupSetId = s.Set.Id, dryRun = false, includeAssignments = true,
            targets = new[] { s.Target.Id, other.Id },
        }, null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await DbAsync(db => db.Runs.CountAsync(r => r.TenantId == s.Target.Id || r.TenantId == other.Id)), Is.Zero);
    }

    [Test]
    public async Task Deployment_refuses_the_source_as_a_target_and_an_empty_list()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var client = Factory.CreateClientFor("olivia");
        foreach (var targets in new[] { Array.Empty<Guid>(), new[] { s.Source.Id } })
        {
            var response = await Send(client, new { sourceTenantId = s.Source.Id, backupSetId = s.Set.Id, dryRun = true, targets }, null);
            await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/restore-deployments") { Content = JsonContent.Create(body, options: HttpAssertions.Json) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }
}
