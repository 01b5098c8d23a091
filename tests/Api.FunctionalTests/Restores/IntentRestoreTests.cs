using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Endpoint security intents: a deleted intent is made again from its template (createInstance with its settings as
/// settingsDelta), and one whose setting drifted is put back with updateSettings; the template id is never written.
/// </summary>
public sealed class IntentRestoreTests : EmulatorBackedTests
{
    private const string Intents = "deviceManagement/intents";
    private const string BitLocker = "d1174162-1dd2-4976-affc-6667049ab0ae";
    private const string Fixture = "types/PacktPublishing-Microsoft-Intune-Cookbook/deviceManagement-intents/create-bitLocker-policy__BitLocker-Encryption.json";

    [Test]
    public async Task A_deleted_intent_is_made_from_its_template_and_a_drifted_setting_is_put_back_with_update_settings()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var seeded = graph.Add(Intents, EmulatorFixtures.StripServerOwned(EmulatorFixtures.LoadEmbedded(Fixture)), RestoreScenario.GroupAssignment(Guid.NewGuid()));
        var originalSettings = graph.GetChildren(Intents, RestoreScenario.IdOf(seeded), "settings");
        Assert.That(originalSettings, Has.Count.EqualTo(6));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant, "intents");
        var item = (await RestoreScenario.ItemsAsync(Factory, set.Id)).Single(i => i.PolicyType == PolicyTypes.DeviceManagementIntent);
        Assert.That(graph.Remove(Intents, item.GraphId), Is.True);
        var client = Factory.CreateClientFor("olivia");

        var run = await RestoreScenario.StartAsync(client, tenant.Id, set.Id, dryRun: false);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
        var created = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.Single(i => i.PolicyType == PolicyTypes.DeviceManagementIntent);
        Assert.That((created.Status, created.Action), Is.EqualTo((RunItemStatus.Succeeded, RunItemAction.Created)), $"{created.ErrorCode} {created.ErrorMessage}");
        var restored = graph.Find(Intents, created.GraphId!)!;
        Assert.That(restored["templateId"]!.GetValue<string>(), Is.EqualTo(BitLocker));
        Assert.That(Values(graph.GetChildren(Intents, created.GraphId!, "settings")), Is.EqualTo(Values(originalSettings)));
        Assert.That(graph.GetAssignments(Intents, created.GraphId!), Has.Count.EqualTo(1));
        var requests = RestoreScenario.RequestsOf(Factory, tenant);
        Assert.That(requests.Count(r => r.Method == "POST" && r.Path == $"/beta/deviceManagement/templates/{BitLocker}/createInstance"), Is.EqualTo(1));
        Assert.That(requests.Where(r => r.Method == "POST" && r.Path == "/beta/" + Intents), Is.Empty, "an intent is made from its template");

        // Drift one setting in the portal: restoring in place patches the intent and posts its settings back.
        graph.UpdateChildren(Intents, created.GraphId!, "settings", settings =>
        {
            var flag = settings.OfType<JsonObject>().First(s => s["@odata.type"]!.GetValue<string>().Contains("Boolean"));
            flag["value"] = !flag["value"]!.GetValue<bool>();
        });
        var drifted = Values(graph.GetChildren(Intents, created.GraphId!, "settings"));
        Assert.That(drifted, Is.Not.EqualTo(Values(originalSettings)), "the drift changed a value");
        var inPlace = await RestoreScenario.StartAsync(client, tenant.Id, set.Id, dryRun: false);
        await RestoreScenario.WaitForTerminalAsync(Factory, inPlace.Id, TimeSpan.FromSeconds(60));
        var updated = (await RestoreScenario.RunItemsAsync(Factory, inPlace.Id)).Values.Single(i => i.PolicyType == PolicyTypes.DeviceManagementIntent);
        Assert.That((updated.Status, updated.Action, updated.GraphId), Is.EqualTo((RunItemStatus.Succeeded, RunItemAction.Updated, created.GraphId)),
            $"{updated.ErrorCode} {updated.ErrorMessage}");
        Assert.That(Values(graph.GetChildren(Intents, created.GraphId!, "settings")), Is.EqualTo(Values(originalSettings)));
        Assert.That(RestoreScenario.RequestsOf(Factory, tenant).Count(r => r.Method == "POST" && r.Path == $"/beta/{Intents}/{created.GraphId}/updateSettings"),
            Is.EqualTo(1));
    }

    private static List<string> Values(JsonArray settings) =>
        [.. settings.OfType<JsonObject>()
            .Select(s => $"{s["definitionId"]}={s["valueJson"]?.ToJsonString()}|{s["value"]?.ToJsonString()}")
            .Order(StringComparer.Ordinal)];
}
