using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>Spec T032/T035: the preview is generated once in the background, persisted per item, and read back without touching Graph.</summary>
public sealed class RestorePreviewPersistenceTests : EmulatorBackedTests
{
    [Test]
    public async Task Preview_labels_and_diffs_are_persisted_and_viewing_makes_no_graph_requests()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("oscar", TenantRole.Operator), ("rita", TenantRole.Reader));
        var group = Guid.NewGuid();
        var kept = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Kept")));
        var drifted = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Drifted"), RestoreScenario.GroupAssignment(group)));
        var deleted = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Deleted")));
        var masked = RestoreScenario.IdOf(graph.Add(RestoreScenario.DeviceConfigurations,
            RestoreScenario.DeviceConfiguration("Secret", extra: new JsonObject { ["wiFiPreSharedKey"] = "****" })));
        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        var items = (await RestoreScenario.ItemsAsync(Factory, set.Id)).ToDictionary(i => i.GraphId, i => i.Id.ToString("D"));
        graph.Update(RestoreScenario.DeviceConfigurations, drifted, o => o["passwordMinimumLength"] = 4);
        graph.SetAssignments(RestoreScenario.DeviceConfigurations, drifted, []);
        graph.Remove(RestoreScenario.DeviceConfigurations, deleted);

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("oscar"), tenant.Id, set.Id, dryRun: true, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(finished.PreviewGeneratedAt, Is.Not.Null);

        Emulator.State.ClearRequestLog();
        var reader = Factory.CreateClientFor("rita");
        var first = await RestoreScenario.GetAsync(reader, tenant.Id, run.Id);
        var second = await RestoreScenario.GetAsync(reader, tenant.Id, run.Id);
        Assert.That(RestoreScenario.RequestsOf(Factory, tenant), Is.Empty, "viewing a preview never calls Graph");

        var byKey = first.Items.Items.ToDictionary(i => i.ItemKey);
        Assert.That(byKey[items[kept]].Action, Is.EqualTo("unchanged"));
        Assert.That(byKey[items[deleted]].Action, Is.EqualTo("would_create"));
        Assert.That(byKey[items[masked]].Action, Is.EqualTo("skipped"));
        Assert.That(byKey[items[masked]].SkipReason, Is.EqualTo("secret_masked"));
        Assert.That(byKey[items[masked]].Diff!.ToJsonString(), Does.Not.Contain("****"), "the preview names masked paths, never values");
        var update = byKey[items[drifted]];
        Assert.That(update.Action, Is.EqualTo("would_update"));
        Assert.That(update.GraphId, Is.EqualTo(drifted));
        var change = update.Diff!["payload"]!.AsArray().Single()!;
        Assert.That(change["path"]!.GetValue<string>(), Is.EqualTo("$.passwordMinimumLength"));
        Assert.That(change["kind"]!.GetValue<string>(), Is.EqualTo("changed"));
        Assert.That((change["before"]!.GetValue<int>(), change["after"]!.GetValue<int>()), Is.EqualTo((4, 12)));
        var added = update.Diff!["assignments"]!.AsArray().Single()!;
        Assert.That(added["kind"]!.GetValue<string>(), Is.EqualTo("added"));
        Assert.That(added["after"]!["target"]!["groupId"]!.GetValue<string>(), Is.EqualTo(group.ToString()));
        Assert.That(second.Items.Items.Select(i => (i.ItemKey, i.Action, i.UpdatedAt)), Is.EqualTo(first.Items.Items.Select(i => (i.ItemKey, i.Action, i.UpdatedAt))),
            "the second view returns the stored preview unchanged");
        Assert.That(graph.Find(RestoreScenario.DeviceConfigurations, drifted)!["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(4), "a preview changes nothing");
    }

    [Test]
    public async Task Preview_items_are_paged()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("oscar", TenantRole.Operator));
        for (var i = 0; i < 5; i++)
        {
            graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration($"Paged {i}"));
        }

        var set = await RestoreScenario.CaptureAsync(Factory, tenant);
        var client = Factory.CreateClientFor("oscar");
        var run = await RestoreScenario.StartAsync(client, tenant.Id, set.Id, dryRun: true);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);

        var page = await RestoreScenario.GetAsync(client, tenant.Id, run.Id, pageSize: 2);
        Assert.That(page.Items.Items, Has.Count.EqualTo(2));
        Assert.That(page.Items.TotalCount, Is.EqualTo(5));
    }
}
