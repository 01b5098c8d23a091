using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies;
using TenantAtlas.Application.Policies.Sync;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>Inventory sync: new, renamed and vanished policies of every type, through every page.</summary>
public sealed class SyncPolicyInventoryJobTests : CaptureTestFixture
{
    private async Task<Guid> SyncAsync()
    {
        var run = await StartAsync($"{TenantUrl}/policies/sync");
        await ExecuteRunAsync(run.Id, CancellationToken.None);
        return run.Id;
    }

    private Task<List<Domain.Policies.Policy>> PoliciesAsync() =>
        Factory.DbAsync(db => db.Policies.AsNoTracking().Where(p => p.TenantId == Tenant.Id).ToListAsync());

    [Test]
    public async Task Adds_every_policy_of_the_four_types_following_all_pages()
    {
        DemoTenantSeeder.SeedDemo(Graph);
        var expected = new Dictionary<string, int>
        {
            [PolicyTypes.DeviceConfiguration] = Graph.Count(DeviceConfigurations),
            [PolicyTypes.DeviceCompliancePolicy] = Graph.Count(CompliancePolicies),
            [PolicyTypes.SettingsCatalogPolicy] = Graph.Count(ConfigurationPolicies),
            [PolicyTypes.IosManagedAppProtection] = Graph.Count("deviceAppManagement/iosManagedAppProtections"),
            [PolicyTypes.AndroidManagedAppProtection] = Graph.Count("deviceAppManagement/androidManagedAppProtections"),
            // The demo's assignment filters and scope tags (its policies refer to them) are objects of their own types.
            [PolicyTypes.AssignmentFilter] = Graph.Count("deviceManagement/assignmentFilters"),
            [PolicyTypes.RoleScopeTag] = Graph.Count("deviceManagement/roleScopeTags"),
        };
        Assert.That(expected[PolicyTypes.IosManagedAppProtection] + expected[PolicyTypes.AndroidManagedAppProtection], Is.EqualTo(Graph.Count(ManagedAppPolicies)),
            "every app policy of the demo is read through its concrete collection");
        // More than one page per type (the emulator pages at 25 without $top; fewer here to force nextLink).
        Emulator.State.DefaultPageSize = 5;
        try
        {
            var runId = await SyncAsync();

            var run = await RunAsync(runId);
            Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));
            Assert.That((run.Total, run.Succeeded), Is.EqualTo((PolicyTypes.All.Count, PolicyTypes.All.Count)));
            var policies = await PoliciesAsync();
            Assert.That(policies, Has.Count.EqualTo(expected.Values.Sum()).And.Count.GreaterThanOrEqualTo(60));
            Assert.That(policies.GroupBy(p => p.PolicyType).ToDictionary(g => g.Key, g => g.Count()), Is.EquivalentTo(expected));
            var catalog = Graph.List(ConfigurationPolicies).First();
            var synced = policies.Single(p => p.GraphId == catalog["id"]!.GetValue<string>());
            Assert.That(synced.DisplayName, Is.EqualTo(catalog["name"]!.GetValue<string>()), "settings catalog names come from 'name'");
        }
        finally
        {
            Emulator.State.DefaultPageSize = 25;
        }
    }

    [Test]
    public async Task Updates_renamed_marks_vanished_and_adds_new_policies_on_the_next_sync()
    {
        var kept = Graph.Add(DeviceConfigurations, DeviceConfiguration("Kept"));
        var renamed = Graph.Add(DeviceConfigurations, DeviceConfiguration("Old name"));
        var vanished = Graph.Add(DeviceConfigurations, DeviceConfiguration("Vanishing"));
        await SyncAsync();
        var before = (await PoliciesAsync()).ToDictionary(p => p.GraphId);

        Graph.Update(DeviceConfigurations, Id(renamed), o => o["displayName"] = "New name", touch: true);
        Graph.Remove(DeviceConfigurations, Id(vanished));
        var added = Graph.Add(DeviceConfigurations, DeviceConfiguration("Brand new"));
        var runId = await SyncAsync();

        Assert.That((await RunAsync(runId)).Status, Is.EqualTo(RunStatus.Succeeded));
        var after = (await PoliciesAsync()).ToDictionary(p => p.GraphId);
        Assert.That(after, Has.Count.EqualTo(4));
        Assert.That(after[Id(renamed)].DisplayName, Is.EqualTo("New name"));
        Assert.That(after[Id(renamed)].Id, Is.EqualTo(before[Id(renamed)].Id), "a rename keeps the policy (and its versions)");
        Assert.That(after[Id(vanished)].DeletedInTenantAt, Is.Not.Null);
        Assert.That(after[Id(kept)].DeletedInTenantAt, Is.Null);
        Assert.That(after[Id(added)].DisplayName, Is.EqualTo("Brand new"));

        var listed = await (await ReaderClient().GetAsync($"{TenantUrl}/policies")).ReadAsync<PagedResult<PolicyDto>>(HttpStatusCode.OK);
        Assert.That(listed.Items.Select(p => p.DisplayName), Is.EqualTo(new[] { "Brand new", "Kept", "New name" }), "vanished policies are hidden by default");
        var all = await (await ReaderClient().GetAsync($"{TenantUrl}/policies?includeDeleted=true")).ReadAsync<PagedResult<PolicyDto>>(HttpStatusCode.OK);
        Assert.That(all.TotalCount, Is.EqualTo(4));
    }

    [Test]
    public async Task A_type_graph_refuses_fails_alone_and_marks_none_of_its_policies_vanished()
    {
        DemoTenantSeeder.SeedDemo(Graph);
        await SyncAsync();
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden", "Missing DeviceManagementApps.Read.All")
        {
            PathContains = "deviceAppManagement/iosManagedAppProtections",
        });

        var runId = await SyncAsync();

        var run = await RunAsync(runId);
        Assert.That(run.Status, Is.EqualTo(RunStatus.Partial));
        var failed = (await RunItemsAsync(runId)).Single(i => i.Status == RunItemStatus.Failed);
        Assert.That((failed.ItemKey, failed.ErrorCode), Is.EqualTo((PolicyTypes.IosManagedAppProtection, GraphErrorCodes.Forbidden)));
        var appPolicies = (await PoliciesAsync()).Where(p => p.PolicyType == PolicyTypes.IosManagedAppProtection).ToList();
        Assert.That(appPolicies, Is.Not.Empty);
        Assert.That(appPolicies.Where(p => p.DeletedInTenantAt != null), Is.Empty);
    }

    [Test]
    public async Task Policies_can_be_filtered_by_type_and_searched_by_name()
    {
        Graph.Add(DeviceConfigurations, DeviceConfiguration("Windows BitLocker"));
        Graph.Add(DeviceConfigurations, DeviceConfiguration("Windows Defender"));
        Graph.Add(CompliancePolicies, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.windows10CompliancePolicy",
            ["displayName"] = "Windows compliance",
            ["bitLockerEnabled"] = true,
        });
        await SyncAsync();

        var byType = await (await ReaderClient().GetAsync($"{TenantUrl}/policies?policyType=deviceCompliancePolicy"))
            .ReadAsync<PagedResult<PolicyDto>>(HttpStatusCode.OK);
        var bySearch = await (await ReaderClient().GetAsync($"{TenantUrl}/policies?search=bitlocker"))
            .ReadAsync<PagedResult<PolicyDto>>(HttpStatusCode.OK);
        var unknownType = await ReaderClient().GetAsync($"{TenantUrl}/policies?policyType=nope");

        Assert.That(byType.Items.Select(p => p.DisplayName), Is.EqualTo(new[] { "Windows compliance" }));
        Assert.That(byType.Items.Single().Platform, Is.EqualTo("windows"));
        Assert.That(bySearch.Items.Select(p => p.DisplayName), Is.EqualTo(new[] { "Windows BitLocker" }));
        await unknownType.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private static string Id(JsonObject o) => o["id"]!.GetValue<string>();
}
