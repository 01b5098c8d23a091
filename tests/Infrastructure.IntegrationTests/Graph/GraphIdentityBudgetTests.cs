using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Graph;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

/// <summary>
/// Issue 15: Entra identity routes (conditional access) have their own per-tenant budget (Graph:RateLimit:Identity),
/// apart from Intune's: reading conditional access at its low rate never slows Intune reads, and stays inside what
/// the emulator admits (no 429s), counting each inner request of a $batch in its own area.
/// </summary>
public class GraphIdentityBudgetTests : GraphGatewayTestHost
{
    private const string Policies = "identity/conditionalAccess/policies";

    [Test]
    public async Task Identity_reads_keep_to_their_own_budget_and_intune_reads_are_not_held_up_by_it()
    {
        var window = TimeSpan.FromSeconds(2);
        var caType = PolicyTypes.Get(PolicyTypes.ConditionalAccessPolicy);
        var caIds = Enumerable.Range(0, 9).Select(i => Id(EmulatedTenant.Add(Policies, new JsonObject
        {
            ["displayName"] = $"CA {i}", ["state"] = "disabled",
            ["conditions"] = new JsonObject { ["users"] = new JsonObject { ["includeUsers"] = new JsonArray("All") } },
        }))).ToList();
        var intuneIds = Enumerable.Range(0, 9).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        EmulatedTenant.Faults.ThrottleWindow = window;
        EmulatedTenant.Faults.IdentityRequestBudgetPer20s = 3;
        var services = await StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Graph:RateLimit:Window"] = window.ToString(),
            ["Graph:RateLimit:SafetyMarginSeconds"] = "0",
            ["Graph:RateLimit:Identity:RequestsPer20Seconds"] = "3",
            ["Graph:RateLimit:Identity:WritesPer20Seconds"] = "3",
        });
        var reader = services.GetRequiredService<IGraphReader>();

        var identity = Stopwatch.StartNew();
        var identityReads = Task.Run(async () =>
        {
            foreach (var id in caIds)
            {
                Assert.That(await reader.GetPolicyAsync(Tenant, caType, id, CancellationToken.None), Is.Not.Null);
            }

            identity.Stop();
        });
        await Task.Delay(100);
        var intune = Stopwatch.StartNew();
        foreach (var id in intuneIds)
        {
            Assert.That(await reader.GetPolicyAsync(Tenant, DeviceConfiguration, id, CancellationToken.None), Is.Not.Null);
        }

        intune.Stop();
        await identityReads;

        // 9 identity reads at 3 per 2 s window take at least two further windows; Intune's 9 go through meanwhile.
        Assert.That(identity.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3.9)));
        Assert.That(intune.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.5)), "Intune reads do not wait for the identity budget");
        Assert.That(Log.Count(r => r.Status == 429), Is.Zero, "the client kept inside the identity budget");
        var limiters = services.GetRequiredService<GraphTenantRateLimiters>();
        Assert.That(limiters.CurrentLimits(Tenant.TenantId, GraphArea.Identity), Is.EqualTo((3, 3)));
        Assert.That(limiters.CurrentLimits(Tenant.TenantId).Requests, Is.EqualTo(new GraphRateLimitOptions().RequestsPer20Seconds));
    }

    [Test]
    public async Task A_batch_mixing_intune_and_identity_reads_counts_each_inner_request_in_its_area()
    {
        var window = TimeSpan.FromSeconds(2);
        var caType = PolicyTypes.Get(PolicyTypes.ConditionalAccessPolicy);
        var refs = new List<GraphPolicyRef>();
        for (var i = 0; i < 4; i++)
        {
            refs.Add(new GraphPolicyRef(caType, Id(EmulatedTenant.Add(Policies, new JsonObject
            {
                ["displayName"] = $"CA {i}", ["state"] = "disabled", ["conditions"] = new JsonObject(),
            }))));
            refs.Add(new GraphPolicyRef(DeviceConfiguration, Id(AddDeviceConfiguration($"P{i}"))));
        }

        EmulatedTenant.Faults.ThrottleWindow = window;
        EmulatedTenant.Faults.IdentityRequestBudgetPer20s = 4;
        var services = await StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Graph:RateLimit:Window"] = window.ToString(),
            // The margin the gateway keeps by default, so requests in flight at a window's edge still fit Graph's window.
            ["Graph:RateLimit:SafetyMarginSeconds"] = "1",
            ["Graph:RateLimit:Identity:RequestsPer20Seconds"] = "4",
        });
        var reader = services.GetRequiredService<IGraphReader>();

        var first = await reader.GetPoliciesAsync(Tenant, refs, CancellationToken.None);
        var stopwatch = Stopwatch.StartNew();
        var second = await reader.GetPoliciesAsync(Tenant, refs, CancellationToken.None);
        stopwatch.Stop();

        Assert.That(first.Concat(second).Select(r => r.Policy), Has.All.Not.Null);
        Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)), "the second batch waited for the identity window: its 4 identity reads were counted");
        Assert.That(Log.Count(r => r.Status == 429), Is.Zero);
    }

    [Test]
    public async Task Waiting_for_the_identity_budget_does_not_count_against_the_attempt_timeout_but_a_slow_answer_does()
    {
        // Seen in the capture benchmark: $batch reads of conditional access queued for their permits (one request a second)
        // for longer than the attempt timeout and failed as graph.timeout without ever reaching Graph.
        var window = TimeSpan.FromSeconds(1);
        var caType = PolicyTypes.Get(PolicyTypes.ConditionalAccessPolicy);
        var ids = Enumerable.Range(0, 4).Select(i => Id(EmulatedTenant.Add(Policies, new JsonObject
        {
            ["displayName"] = $"CA {i}", ["state"] = "disabled", ["conditions"] = new JsonObject(),
        }))).ToList();
        EmulatedTenant.Faults.ThrottleWindow = window;
        EmulatedTenant.Faults.IdentityRequestBudgetPer20s = 1;
        var services = await StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Graph:RateLimit:Window"] = window.ToString(),
            ["Graph:RateLimit:SafetyMarginSeconds"] = "0",
            ["Graph:RateLimit:Identity:RequestsPer20Seconds"] = "1",
            ["Graph:RateLimit:Identity:WritesPer20Seconds"] = "1",
            ["Graph:Retry:AttemptTimeout"] = "00:00:01.5",
            ["Graph:Retry:MaxRetryAttempts"] = "0",
        });
        var reader = services.GetRequiredService<IGraphReader>();

        var elapsed = Stopwatch.StartNew();
        var read = await Task.WhenAll(ids.Select(id => reader.GetPolicyAsync(Tenant, caType, id, CancellationToken.None)));
        elapsed.Stop();

        Assert.That(read, Has.All.Not.Null, "every read got its permit and its answer");
        Assert.That(elapsed.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2.5)), "the last read waited three windows for its permit, longer than the attempt timeout");

        EmulatedTenant.Faults.Latency = TimeSpan.FromSeconds(3);
        var slow = await Assert.ThrowsAsync<GraphException>(() => reader.GetPolicyAsync(Tenant, caType, ids[0], CancellationToken.None));
        Assert.That(slow!.Error.Code, Is.EqualTo(GraphErrorCodes.Timeout), "an answer slower than the attempt timeout still times out");
    }
}
