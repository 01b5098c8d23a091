using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.Api.FunctionalTests.Restores.CrossTenant;

/// <summary>
/// Issue 15: a conditional access policy restored into another tenant. Its condition groups go through the same group
/// mapping as assignments (the preview proposes them by name), its named location is the one the run restores first;
/// a condition group without a mapping fails the item (never dropped, never sent as is).
/// </summary>
public sealed class CrossTenantConditionalAccessTests : EmulatorBackedTests
{
    [Test]
    public async Task Condition_groups_are_mapped_like_assignment_groups_and_the_location_restored_first_is_referenced()
    {
        var (source, sourceGraph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var (target, targetGraph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var sourceFinance = sourceGraph.Directory().AddGroup("Finance Users");
        var targetFinance = targetGraph.Directory().AddGroup("Finance Users");
        var sourceLocation = RestoreScenario.IdOf(sourceGraph.Add(ConditionalAccessRestoreTests.Locations, ConditionalAccessRestoreTests.Location("Branch egress")));
        var payload = ConditionalAccessRestoreTests.Policy("Finance outside branch", sourceLocation);
        payload["conditions"]!["users"]!["includeGroups"] = new JsonArray(sourceFinance.ToString());
        sourceGraph.Add(ConditionalAccessRestoreTests.Policies, payload);
        var set = await RestoreScenario.CaptureAsync(Factory, source, "Baseline CA");
        var client = Factory.CreateClientFor("olivia");

        async Task<Dictionary<string, RunItem>> RunAsync(bool dryRun)
        {
            var response = await client.PostJsonAsync($"/api/v1/tenants/{target.Id}/restore-runs", new { sourceTenantId = source.Id, backupSetId = set.Id, dryRun });
            var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
            await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
            return (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToDictionary(i => i.PolicyType!);
        }

        var preview = await RunAsync(dryRun: true);
        Assert.That(preview[PolicyTypes.NamedLocation].Action, Is.EqualTo(RunItemAction.WouldCreate));
        var previewed = preview[PolicyTypes.ConditionalAccessPolicy];
        Assert.That(previewed.Action, Is.EqualTo(RunItemAction.WouldCreate), $"{previewed.ErrorCode} {previewed.ErrorMessage}");
        var references = JsonNode.Parse(previewed.Diff!)!["references"]!.AsArray()
            .Select(r => (r!["kind"]!.GetValue<string>(), r["status"]!.GetValue<string>(), r["targetId"]?.GetValue<string>())).ToList();
        Assert.That(references, Does.Contain(("Group", "proposed", targetFinance.ToString())), "the group is proposed by its name in the target");
        Assert.That(references.Select(r => (r.Item1, r.Item2)), Does.Contain(("NamedLocation", "would_create")), "the run restores the location itself");

        // Live, the stored mapping document is all that maps groups: without it the policy fails and is not written.
        var unmapped = await RunAsync(dryRun: false);
        Assert.That(unmapped[PolicyTypes.ConditionalAccessPolicy].ErrorCode, Is.EqualTo("restore.unresolved_reference"));
        Assert.That(unmapped[PolicyTypes.ConditionalAccessPolicy].ErrorMessage, Does.Contain(sourceFinance.ToString()).And.Contain("conditions.users.includeGroups"));
        Assert.That(targetGraph.Count(ConditionalAccessRestoreTests.Policies), Is.Zero);
        var targetLocation = unmapped[PolicyTypes.NamedLocation].GraphId!;
        Assert.That(targetGraph.Find(ConditionalAccessRestoreTests.Locations, targetLocation), Is.Not.Null);

        var put = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/tenants/{target.Id}/restore-mappings/{source.Id}")
        {
            Content = JsonContent.Create(new { groups = new Dictionary<string, string> { [sourceFinance.ToString()] = targetFinance.ToString() } }),
        });
        Assert.That(put.IsSuccessStatusCode, Is.True, await put.Content.ReadAsStringAsync());
        var mapped = await RunAsync(dryRun: false);
        var restored = mapped[PolicyTypes.ConditionalAccessPolicy];
        Assert.That(restored.Action, Is.EqualTo(RunItemAction.Created), $"{restored.ErrorCode} {restored.ErrorMessage}");
        Assert.That(mapped[PolicyTypes.NamedLocation].GraphId, Is.EqualTo(targetLocation), "found by name this time, not created again");
        var conditions = targetGraph.Find(ConditionalAccessRestoreTests.Policies, restored.GraphId!)!["conditions"]!;
        Assert.That(conditions["users"]!["includeGroups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(new[] { targetFinance.ToString() }));
        Assert.That(conditions["locations"]!["excludeLocations"]!.AsArray().Select(l => l!.GetValue<string>()), Is.EqualTo(new[] { "AllTrusted", targetLocation }));
    }

    [Test]
    public async Task A_policy_excluding_a_user_keeps_the_user_in_its_own_tenant_and_fails_in_another_naming_the_user()
    {
        var (source, sourceGraph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var (target, targetGraph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var breakGlass = Guid.NewGuid().ToString();
        var location = RestoreScenario.IdOf(sourceGraph.Add(ConditionalAccessRestoreTests.Locations, ConditionalAccessRestoreTests.Location("HQ egress")));
        var payload = ConditionalAccessRestoreTests.Policy("Block outside HQ but break glass", location);
        payload["conditions"]!["users"]!["excludeUsers"] = new JsonArray(breakGlass);
        var policyId = RestoreScenario.IdOf(sourceGraph.Add(ConditionalAccessRestoreTests.Policies, payload));
        var set = await RestoreScenario.CaptureAsync(Factory, source, "CA with break glass");
        var client = Factory.CreateClientFor("olivia");

        async Task<RunItem> RestorePolicyAsync(object body, Guid tenantId)
        {
            var run = await (await client.PostJsonAsync($"/api/v1/tenants/{tenantId}/restore-runs", body)).ReadAsync<RunDto>(HttpStatusCode.Accepted);
            await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
            return (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.Single(i => i.PolicyType == PolicyTypes.ConditionalAccessPolicy);
        }

        var crossTenant = await RestorePolicyAsync(new { sourceTenantId = source.Id, backupSetId = set.Id, dryRun = false }, target.Id);
        Assert.That(crossTenant.ErrorCode, Is.EqualTo("restore.unresolved_reference"));
        Assert.That(crossTenant.ErrorMessage, Does.Contain(breakGlass).And.Contain("conditions.users.excludeUsers"));
        Assert.That(targetGraph.Count(ConditionalAccessRestoreTests.Policies), Is.Zero, "a user id of the source is never sent to the target");

        Assert.That(sourceGraph.Remove(ConditionalAccessRestoreTests.Policies, policyId), Is.True);
        var sameTenant = await RestorePolicyAsync(new { backupSetId = set.Id, dryRun = false }, source.Id);
        Assert.That(sameTenant.Action, Is.EqualTo(RunItemAction.Created), $"{sameTenant.ErrorCode} {sameTenant.ErrorMessage}");
        var users = sourceGraph.Find(ConditionalAccessRestoreTests.Policies, sameTenant.GraphId!)!["conditions"]!["users"]!;
        Assert.That(users["excludeUsers"]!.AsArray().Select(u => u!.GetValue<string>()), Is.EqualTo(new[] { breakGlass }));
        Assert.That(users["includeUsers"]!.AsArray().Select(u => u!.GetValue<string>()), Is.EqualTo(new[] { "All" }));
    }
}
