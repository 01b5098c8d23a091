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
/// Apple DEP enrollment profiles live under the tenant's Apple tokens: a backup through the API reads every token's
/// profiles, a restore re-creates a deleted profile under the token it was captured from, under the tenant's only
/// token when that one is gone, and fails the item (graph.parent_not_found) when there is none or no way to choose.
/// </summary>
public sealed class DepEnrollmentProfileRestoreTests : EmulatorBackedTests
{
    private const string Profiles = "deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles";
    private const string Tokens = "deviceManagement/depOnboardingSettings";

    private static JsonObject IosProfile(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.depIOSEnrollmentProfile",
        ["displayName"] = name,
        ["description"] = "Supervised iPhones",
        ["supervisedModeEnabled"] = true,
        ["deviceNameTemplate"] = "{{DEVICETYPE}}-{{SERIAL}}",
    };

    /// <summary>Starts a run through the API, waits until it succeeded; returns the backup set it made, else the run's id.</summary>
    private async Task<Guid> RunAsync(HttpClient client, string url, object body, ApiFactory factory)
    {
        var answer = await (await client.PostJsonAsync(url, body)).ReadAsync<JsonObject>(HttpStatusCode.Accepted);
        var runId = Guid.Parse((answer["run"]?["id"] ?? answer["id"])!.GetValue<string>());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await factory.DbAsync(db => db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Status).FirstAsync());
            if (RunStateMachine.IsTerminal(status))
            {
                Assert.That(status, Is.EqualTo(RunStatus.Succeeded), url);
                return answer["backupSet"]?["id"] is { } setId ? Guid.Parse(setId.GetValue<string>()) : runId;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{url}: still {status}");
            await Task.Delay(100);
        }
    }

    private async Task<(Tenant Tenant, EmulatorTenant Graph, HttpClient Client, Guid SetId, string CapturedToken)> BackUpTwoTokensAsync()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var abm = graph.AddDepOnboardingSetting("Contoso ABM");
        graph.Add(Profiles, IosProfile("Corporate iPhones"));
        var asm = graph.AddDepOnboardingSetting("Contoso school");
        Assert.That(graph.Parents(Tokens).Select(t => t["id"]!.GetValue<string>()), Is.EqualTo(new[] { abm, asm }));

        var client = Factory.CreateClientFor("olivia");
        await RunAsync(client, $"/api/v1/tenants/{tenant.Id}/policies/sync", new { }, Factory);
        var setId = await RunAsync(client, $"/api/v1/tenants/{tenant.Id}/backup-sets", new { name = "DEP", all = true }, Factory);
        var items = await RestoreScenario.ItemsAsync(Factory, setId);
        var item = items.Single(i => i.PolicyType == PolicyTypes.DepEnrollmentProfile);
        Assert.That(NestedGraphId.TrySplit(item.GraphId, out var token, out _), Is.True, item.GraphId);
        Assert.That(token, Is.EqualTo(abm), "the backup item names the token its profile lives under");
        Assert.That(graph.Remove(Profiles, item.GraphId), Is.True);
        return (tenant, graph, client, setId, token);
    }

    private async Task<RunItem> RestoreDepItemAsync(Tenant tenant, HttpClient client, Guid setId)
    {
        var run = await RestoreScenario.StartAsync(client, tenant.Id, setId, dryRun: false);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
        return (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.Single(i => i.PolicyType == PolicyTypes.DepEnrollmentProfile);
    }

    [Test]
    public async Task A_deleted_profile_is_re_created_under_the_token_it_was_captured_from()
    {
        var (tenant, graph, client, setId, token) = await BackUpTwoTokensAsync();

        var item = await RestoreDepItemAsync(tenant, client, setId);

        Assert.That((item.Status, item.Action), Is.EqualTo((RunItemStatus.Succeeded, RunItemAction.Created)), item.ErrorMessage);
        var restored = graph.List(Profiles).Single();
        Assert.That(restored["displayName"]!.GetValue<string>(), Is.EqualTo("Corporate iPhones"));
        Assert.That(graph.Find(Profiles, $"{token}/{restored["id"]}"), Is.Not.Null, "under the captured token, not the second one");
        var posts = RestoreScenario.RequestsOf(Factory, tenant).Where(r => r.Method == "POST" && r.Path.EndsWith("/enrollmentProfiles", StringComparison.Ordinal)).ToList();
        Assert.That(posts.Select(r => r.Path), Is.EqualTo(new[] { $"/beta/{Tokens}/{token}/enrollmentProfiles" }));
    }

    [Test]
    public async Task A_profile_whose_token_is_gone_goes_under_the_only_token_left_and_fails_when_none_or_several_remain()
    {
        var (tenant, graph, client, setId, token) = await BackUpTwoTokensAsync();
        var other = graph.Parents(Tokens).Select(t => t["id"]!.GetValue<string>()).Single(id => id != token);
        var third = graph.AddDepOnboardingSetting("Contoso retail");
        Assert.That(graph.RemoveParent(Tokens, token), Is.True);

        var ambiguous = await RestoreDepItemAsync(tenant, client, setId);
        Assert.That((ambiguous.Status, ambiguous.ErrorCode), Is.EqualTo((RunItemStatus.Failed, GraphErrorCodes.ParentNotFound)), ambiguous.ErrorMessage);
        Assert.That(graph.List(Profiles), Is.Empty, "nothing is created under a token chosen at random");

        Assert.That(graph.RemoveParent(Tokens, third), Is.True);
        var created = await RestoreDepItemAsync(tenant, client, setId);
        Assert.That((created.Status, created.Action), Is.EqualTo((RunItemStatus.Succeeded, RunItemAction.Created)), created.ErrorMessage);
        Assert.That(graph.Find(Profiles, $"{other}/{graph.List(Profiles).Single()["id"]}"), Is.Not.Null);

        Assert.That(graph.RemoveParent(Tokens, other), Is.True);
        var none = await RestoreDepItemAsync(tenant, client, setId);
        Assert.That((none.Status, none.ErrorCode), Is.EqualTo((RunItemStatus.Failed, GraphErrorCodes.ParentNotFound)), none.ErrorMessage);
    }
}
