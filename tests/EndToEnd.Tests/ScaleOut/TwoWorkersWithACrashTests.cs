using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.EndToEnd.Tests.Infrastructure;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Issue 16 item 4: two workers on one database and one broker, one of them a separate process that is killed
/// (SIGKILL) while it works on runs. Each worker reaches Graph through its own emulator server over the same
/// emulator state, so the request log tells by its Host which worker sent a request. Every tenant gets two captures
/// at once, so the two workers also contend for the same tenant and its lease decides (the other run is deferred).
/// </summary>
public sealed class TwoWorkersWithACrashTests
{
    private const string Operator = "e2e-scaleout-operator";
    private const int TenantCount = 10;
    private const int PoliciesPerTenant = 30;
    private const int CapturesPerTenant = 2;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Runs:Lease"] = "00:00:03",
        ["Runs:RequeueAfter"] = "00:00:02",
        ["Runs:ItemParallelism"] = "2",
    };

    [Test]
    [CancelAfter(120_000)]
    public async Task Runs_of_ten_tenants_survive_a_killed_worker_without_lost_or_doubled_items_or_two_workers_on_one_tenant()
    {
        await using var env = await EndToEndEnvironment.StartAsync(Settings);
        await using var secondEmulator = await GraphEmulatorServer.StartAsync(env.Emulator.State);
        await using var killed = await WorkerProcess.StartAsync(
            env.HostSettings(migrate: false, workerInProcess: true, secondEmulator.BaseAddress, Settings), TimeSpan.FromSeconds(60));
        var inProcessHost = env.Emulator.BaseAddress.Authority;
        var killedHost = secondEmulator.BaseAddress.Authority;
        var client = env.ApiClientFor(Operator);

        var tenants = new List<Tenant>();
        for (var i = 0; i < TenantCount; i++)
        {
            var tenant = await EndToEndTenants.CreateAsync(env, Operator, TenantRole.Operator, $"Scale-out {i}");
            var graph = env.Emulator.State.GetOrAddTenant(tenant.EntraTenantId);
            DemoTenantSeeder.SeedLarge(graph, PoliciesPerTenant);
            tenants.Add(tenant);
        }

        // Inventory first (also spread over both workers), then the captures with latency so they overlap.
        var syncs = new List<Guid>();
        foreach (var tenant in tenants)
        {
            syncs.Add(RunId(await AcceptedAsync(await client.PostAsync($"/api/v1/tenants/{tenant.Id}/policies/sync", null))));
        }

        var synced = await env.WaitForAsync(
            db => db.Runs.AsNoTracking().Where(r => syncs.Contains(r.Id)).Select(r => r.Status).ToListAsync(),
            s => s.Count == TenantCount && s.All(x => x == RunStatus.Succeeded), TimeSpan.FromSeconds(45));
        Assert.That(synced, Has.All.EqualTo(RunStatus.Succeeded), killed.Tail);

        env.Emulator.State.ClearRequestLog();
        foreach (var tenant in tenants)
        {
            env.Emulator.State.GetOrAddTenant(tenant.EntraTenantId).Faults.Latency = TimeSpan.FromMilliseconds(60);
        }

        // The probe: a Running run is one whose worker works on it; two of one tenant at once would break the budget.
        using var stopProbe = new CancellationTokenSource();
        var overlaps = new ConcurrentBag<string>();
        var samples = 0;
        var probe = Task.Run(async () =>
        {
            while (!stopProbe.IsCancellationRequested)
            {
                var running = await env.DbAsync(db => db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Running)
                    .Select(r => r.TenantId).ToListAsync());
                foreach (var group in running.GroupBy(t => t).Where(g => g.Count() > 1))
                {
                    overlaps.Add($"tenant {group.Key}: {group.Count()} Running");
                }

                Interlocked.Increment(ref samples);
                await Task.Delay(50);
            }
        });

        var captures = new List<(Guid Tenant, Guid Set, Guid Run)>();
        for (var c = 0; c < CapturesPerTenant; c++)
        {
            foreach (var tenant in tenants)
            {
                var started = await AcceptedAsync(await client.PostAsJsonAsync($"/api/v1/tenants/{tenant.Id}/backup-sets", new { name = $"Scale-out {c}", all = true }));
                captures.Add((tenant.Id, Guid.Parse(started["backupSet"]!["id"]!.GetValue<string>()), RunId(started["run"]!.AsObject())));
            }
        }

        // Kill the process while it is in the middle of work: it has served captures, is still sending, and a tenant it
        // sent for in the last 300 ms has a capture still Running (so that run is the killed worker's, not a finished one).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var killedMidRun = false;
        var killedAt = DateTimeOffset.MaxValue;
        var tenantOfEntra = tenants.ToDictionary(t => t.EntraTenantId, t => t.Id);
        var captureRuns = captures.Select(c => c.Run).ToList();
        while (DateTime.UtcNow < deadline)
        {
            var fromKilled = env.Emulator.State.RequestLog.Where(r => r.Host == killedHost).ToList();
            var recent = DateTimeOffset.UtcNow.AddMilliseconds(-300);
            var busyTenants = fromKilled.Where(r => r.Time > recent && r.TenantId is { } entra && tenantOfEntra.ContainsKey(entra))
                .Select(r => tenantOfEntra[r.TenantId!.Value]).Distinct().ToList();
            if (fromKilled.Count >= 15 && busyTenants.Count > 0 && await env.DbAsync(db => db.Runs.AsNoTracking()
                    .AnyAsync(r => captureRuns.Contains(r.Id) && busyTenants.Contains(r.TenantId) && r.Status == RunStatus.Running)))
            {
                killedAt = DateTimeOffset.UtcNow;
                killed.Kill();
                killedMidRun = true;
                break;
            }

            await Task.Delay(20);
        }

        Assert.That(killedMidRun, Is.True, "the worker process never got to work on the captures");
        var runIds = captures.Select(c => c.Run).ToList();
        var finished = await env.WaitForAsync(
            db => db.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id)).ToListAsync(),
            runs => runs.Count == TenantCount * CapturesPerTenant && runs.All(r => r.IsTerminal), TimeSpan.FromSeconds(60));
        await stopProbe.CancelAsync();
        await probe;

        Assert.Multiple(() =>
        {
            Assert.That(finished.Select(r => (r.Id, r.Status)), Is.EquivalentTo(runIds.Select(id => (id, RunStatus.Succeeded))));
            Assert.That(finished.Select(r => r.Succeeded), Has.All.EqualTo(PoliciesPerTenant));
            Assert.That(finished.Any(r => r.Attempt > 1), Is.True, "no run was resumed after the kill");
            Assert.That(overlaps, Is.Empty, $"two Running runs of one tenant in {samples} samples");
            Assert.That(samples, Is.GreaterThan(10));
        });

        var sets = await env.DbAsync(db => db.BackupSets.AsNoTracking().Where(s => captures.Select(c => c.Set).Contains(s.Id)).ToListAsync());
        Assert.That(sets.Select(s => (s.Status, s.ItemCount)), Has.All.EqualTo((BackupSetStatus.Ready, PoliciesPerTenant)));
        foreach (var (tenantId, setId, runId) in captures)
        {
            var items = await env.DbAsync(db => db.BackupItems.AsNoTracking().Where(i => i.BackupSetId == setId).Select(i => i.PolicyId).ToListAsync());
            var policies = await env.DbAsync(db => db.Policies.AsNoTracking().Where(p => p.TenantId == tenantId).Select(p => p.Id).ToListAsync());
            Assert.That(items, Is.EquivalentTo(policies).And.Count.EqualTo(PoliciesPerTenant), $"backup set of tenant {tenantId}");
            var keys = await env.DbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == runId).Select(i => i.ItemKey).ToListAsync());
            Assert.That(keys, Is.Unique.And.Count.EqualTo(PoliciesPerTenant), $"run items of tenant {tenantId}");
        }

        // The emulator's view: one tenant's requests come in stretches of one worker at a time. Each attempt of a run
        // is one worker's and holds the tenant's lease, so the requests of a tenant, in time order, change worker at most
        // once per attempt of its runs; two workers interleaving inside a lease would change it far more often.
        var log = env.Emulator.State.RequestLog;
        await TestContext.Out.WriteLineAsync(
            $"requests: in-process worker {log.Count(r => r.Host == inProcessHost)}, killed worker {log.Count(r => r.Host == killedHost)}; " +
            $"attempts {string.Join(",", finished.Select(r => r.Attempt))}; probe samples {samples}");
        Assert.That(log.Select(r => r.Host).Distinct(), Is.EquivalentTo(new[] { inProcessHost, killedHost }), "both workers sent requests");
        foreach (var tenant in tenants)
        {
            var hosts = log.Where(r => r.TenantId == tenant.EntraTenantId).OrderBy(r => r.Time).Select(r => r.Host).ToList();
            var segments = hosts.Where((h, i) => i == 0 || h != hosts[i - 1]).Count();
            var attempts = finished.Where(r => r.TenantId == tenant.Id).Sum(r => r.Attempt);
            Assert.That(segments, Is.LessThanOrEqualTo(attempts), $"tenant {tenant.Name}: worker order {string.Join(",", hosts.Where((h, i) => i == 0 || h != hosts[i - 1]))}");
        }

        // A tenant whose run the killed worker held (that run needed a second attempt): its lease had to expire before
        // anyone worked on the tenant again. The last renewal came at most Lease / 3 = 1 s before the kill, so nobody may
        // send for the tenant until about 2 s after the kill; allow 1 s for load.
        var resumed = finished.Where(r => r.Attempt > 1).Select(r => r.TenantId).ToHashSet();
        foreach (var tenant in tenants.Where(t => resumed.Contains(t.Id)))
        {
            var early = log.Where(r => r.TenantId == tenant.EntraTenantId && r.Host != killedHost && r.Time > killedAt && r.Time < killedAt + Lease - TimeSpan.FromSeconds(2)).ToList();
            Assert.That(early, Is.Empty, $"tenant {tenant.Name} was worked on before the killed worker's lease expired");
        }
    }

    private static Guid RunId(JsonObject run) => Guid.Parse(run["id"]!.GetValue<string>());

    private static async Task<JsonObject> AcceptedAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
