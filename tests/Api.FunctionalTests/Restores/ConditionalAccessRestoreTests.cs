using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 15, Entra conditional access (enabled, as in the embedded demo): a deleted named location is re-created in
/// tier 1 and the conditional access policy restored after it refers to its new id; "All" and "AllTrusted" stay.
/// </summary>
public sealed class ConditionalAccessRestoreTests : EmulatorBackedTests
{
    internal const string Locations = "identity/conditionalAccess/namedLocations";
    internal const string Policies = "identity/conditionalAccess/policies";

    internal static JsonObject Location(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.ipNamedLocation",
        ["displayName"] = name,
        ["isTrusted"] = true,
        ["ipRanges"] = new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.iPv4CidrRange", ["cidrAddress"] = "198.51.100.0/24" }),
    };

    internal static JsonObject Policy(string name, string locationId) => new()
    {
        ["displayName"] = name,
        ["state"] = "enabled",
        ["conditions"] = new JsonObject
        {
            ["clientAppTypes"] = new JsonArray("all"),
            ["applications"] = new JsonObject { ["includeApplications"] = new JsonArray("All") },
            ["users"] = new JsonObject { ["includeUsers"] = new JsonArray("All"), ["excludeGroups"] = new JsonArray() },
            ["locations"] = new JsonObject
            {
                ["includeLocations"] = new JsonArray("All"),
                ["excludeLocations"] = new JsonArray("AllTrusted", locationId),
            },
        },
        ["grantControls"] = new JsonObject { ["operator"] = "OR", ["builtInControls"] = new JsonArray("block") },
    };

    [Test]
    public async Task A_deleted_named_location_is_recreated_first_and_the_policy_restored_after_it_excludes_the_new_id()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var oldLocationId = RestoreScenario.IdOf(graph.Add(Locations, Location("Branch egress")));
        var policy = graph.Add(Policies, Policy("Block outside branch", oldLocationId));
        var backup = await RestoreScenario.CaptureAsync(Factory, tenant, "with location");
        graph.Remove(Locations, oldLocationId);
        graph.Remove(Policies, RestoreScenario.IdOf(policy));

        var client = Factory.CreateClientFor("olivia");
        var preview = await RestoreScenario.StartAsync(client, tenant.Id, backup.Id, dryRun: true);
        await RestoreScenario.WaitForTerminalAsync(Factory, preview.Id);
        Assert.That((await RestoreScenario.RunItemsAsync(Factory, preview.Id)).Values.Select(i => i.Action), Is.All.EqualTo(RunItemAction.WouldCreate));

        var run = await RestoreScenario.StartAsync(client, tenant.Id, backup.Id, dryRun: false);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
        var results = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToList();
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", results.Select(r => $"{r.DisplayName} {r.ErrorCode} {r.ErrorMessage}")));

        var newLocationId = results.Single(r => r.PolicyType == PolicyTypes.NamedLocation).GraphId!;
        Assert.That(newLocationId, Is.Not.EqualTo(oldLocationId));
        var restored = results.Single(r => r.PolicyType == PolicyTypes.ConditionalAccessPolicy);
        Assert.That(restored.Action, Is.EqualTo(RunItemAction.Created));
        var locations = graph.Find(Policies, restored.GraphId!)!["conditions"]!["locations"]!;
        Assert.That(locations["excludeLocations"]!.AsArray().Select(l => l!.GetValue<string>()), Is.EqualTo(new[] { "AllTrusted", newLocationId }));
        Assert.That(locations["includeLocations"]!.AsArray().Select(l => l!.GetValue<string>()), Is.EqualTo(new[] { "All" }));

        // Tier 1 before policies, on Graph's identity routes; conditional access has no assign action.
        var log = RestoreScenario.RequestsOf(Factory, tenant).Where(r => r.Method == "POST").Select(r => r.Path).ToList();
        var locationCreate = log.FindIndex(p => p.EndsWith("/" + Locations, StringComparison.Ordinal));
        var policyCreate = log.FindIndex(p => p.EndsWith("/" + Policies, StringComparison.Ordinal));
        Assert.That(locationCreate, Is.GreaterThanOrEqualTo(0).And.LessThan(policyCreate));
        Assert.That(log, Has.None.EndsWith("/assign"));
    }
}

/// <summary>
/// Issue 15: with conditional access off (Graph:ConditionalAccess false, the default), sync never reads the identity
/// collections, a restore or preview skips items of those types with feature_disabled and never writes them, and
/// GET /policy-types says the types require the feature.
/// </summary>
public sealed class ConditionalAccessDisabledTests : EmulatorBackedTests
{
    protected override void ConfigureFactory(ApiFactory factory) => factory.With("Graph:ConditionalAccess", "false");

    [Test]
    public async Task Policy_types_name_the_feature_conditional_access_requires()
    {
        var response = await Factory.CreateClientFor("reader-" + Guid.NewGuid().ToString("N")[..6]).GetAsync("/api/v1/policy-types");
        var types = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>());
        Assert.That(types[PolicyTypes.ConditionalAccessPolicy]!["requiresFeature"]!.GetValue<string>(), Is.EqualTo(GraphFeatures.ConditionalAccess));
        Assert.That(types[PolicyTypes.NamedLocation]!["requiresFeature"]!.GetValue<string>(), Is.EqualTo(GraphFeatures.ConditionalAccess));
        Assert.That(types[PolicyTypes.NamedLocation]!["restoreTier"]!.GetValue<int>(), Is.EqualTo(RestoreTiers.NamedLocations));
        Assert.That(types[PolicyTypes.DeviceConfiguration]!["requiresFeature"], Is.Null);
    }

    [Test]
    public async Task Sync_does_not_read_the_identity_collections()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        graph.Add(ConditionalAccessRestoreTests.Locations, ConditionalAccessRestoreTests.Location("Branch egress"));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Baseline"));

        var response = await Factory.CreateClientFor("olivia").PostAsync($"/api/v1/tenants/{tenant.Id}/policies/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var runId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        var run = await WaitAsync(runId);

        Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));
        var items = await Factory.DbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == runId).Select(i => i.PolicyType).ToListAsync());
        Assert.That(items, Does.Contain(PolicyTypes.DeviceConfiguration).And.No.Contains(PolicyTypes.NamedLocation).And.No.Contains(PolicyTypes.ConditionalAccessPolicy));
        Assert.That(RestoreScenario.RequestsOf(Factory, tenant).Select(r => r.Path), Has.None.Contains("/identity/"));
        Assert.That(await Factory.DbAsync(db => db.Policies.CountAsync(p => p.TenantId == tenant.Id && p.PolicyType == PolicyTypes.NamedLocation)), Is.Zero);
    }

    [Test]
    public async Task A_restore_skips_conditional_access_items_with_feature_disabled_and_never_writes_them()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var location = graph.Add(ConditionalAccessRestoreTests.Locations, ConditionalAccessRestoreTests.Location("Branch egress"));
        graph.Add(ConditionalAccessRestoreTests.Policies, ConditionalAccessRestoreTests.Policy("Block outside branch", RestoreScenario.IdOf(location)));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Baseline"));
        // A backup taken while the feature was on (the capture helper reads every registered type).
        var backup = await RestoreScenario.CaptureAsync(Factory, tenant, "taken while enabled");
        graph.Clear();
        var before = RestoreScenario.RequestsOf(Factory, tenant).Count;

        var client = Factory.CreateClientFor("olivia");
        foreach (var dryRun in new[] { true, false })
        {
            var run = await RestoreScenario.StartAsync(client, tenant.Id, backup.Id, dryRun);
            await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
            var results = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToDictionary(i => i.PolicyType!);
            foreach (var type in new[] { PolicyTypes.NamedLocation, PolicyTypes.ConditionalAccessPolicy })
            {
                Assert.That(results[type].Status, Is.EqualTo(RunItemStatus.Skipped), $"{type} dryRun={dryRun}");
                Assert.That(results[type].SkipReason, Is.EqualTo(GraphFeatures.DisabledCode));
                Assert.That(JsonNode.Parse(results[type].Diff!)!["requiresFeature"]!.GetValue<string>(), Is.EqualTo(GraphFeatures.ConditionalAccess));
            }

            Assert.That(results[PolicyTypes.DeviceConfiguration].Action, Is.EqualTo(dryRun ? RunItemAction.WouldCreate : RunItemAction.Created));
        }

        Assert.That(RestoreScenario.RequestsOf(Factory, tenant).Skip(before).Select(r => r.Path), Has.None.Contains("/identity/"), "never read nor written");
        Assert.That(graph.Count(ConditionalAccessRestoreTests.Policies), Is.Zero);
    }

    private async Task<Run> WaitAsync(Guid runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var run = await Factory.DbAsync(db => db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId));
            if (RunStateMachine.IsTerminal(run.Status) || DateTime.UtcNow > deadline)
            {
                return run;
            }

            await Task.Delay(100);
        }
    }
}
