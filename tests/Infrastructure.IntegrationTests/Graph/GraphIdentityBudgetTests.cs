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
}
