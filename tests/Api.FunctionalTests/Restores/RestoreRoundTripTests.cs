using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 7 item 7: every real fixture payload of a supported type survives seed, capture, delete,
/// restore, capture again: the normalized payloads and assignments are equal (ids and server timestamps aside).
/// </summary>
public sealed class RestoreRoundTripTests : EmulatorBackedTests
{
    [Test]
    public async Task Every_fixture_payload_round_trips_through_backup_delete_and_restore()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var seeded = 0;
        foreach (var (name, index) in EmulatorFixtures.EmbeddedNames.Select((n, i) => (n, i)))
        {
            var payload = EmulatorFixtures.StripServerOwned(EmulatorFixtures.LoadEmbedded(name));
            var collection = EmulatorFixtures.CollectionOf(payload);
            if (collection is null)
            {
                continue;
            }

            // Unique names: the restore finds a deleted policy's replacement by type and display name.
            var nameProperty = payload.ContainsKey("displayName") ? "displayName" : "name";
            payload[nameProperty] = $"{payload[nameProperty]?.GetValue<string>() ?? name} #{index}";
            graph.Add(collection, payload, RestoreScenario.GroupAssignment(DemoTenantSeeder.DemoGroups[index % DemoTenantSeeder.DemoGroups.Count].Id));
            seeded++;
        }

        Assert.That(seeded, Is.GreaterThanOrEqualTo(20), "the fixtures cover the supported types");
        var before = await RestoreScenario.CaptureAsync(Factory, tenant, "before");
        var beforeItems = await RestoreScenario.ItemsAsync(Factory, before.Id);
        foreach (var type in PolicyTypes.All)
        {
            foreach (var item in beforeItems.Where(i => i.PolicyType == type.Name))
            {
                graph.Remove(type.CollectionPath, item.GraphId);
            }
        }

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, before.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(120));
        var results = await RestoreScenario.RunItemsAsync(Factory, run.Id);
        var notCreated = results.Values.Where(i => i.Action != "created").Select(i => $"{i.DisplayName}: {i.Status} {i.SkipReason}{i.ErrorCode} {i.ErrorMessage}").ToList();
        TestContext.Out.WriteLine("Not restored by create: " + string.Join("; ", notCreated));

        var after = await RestoreScenario.CaptureAsync(Factory, tenant, "after");
        var beforeVersions = await VersionsByNameAsync(before.Id);
        var afterVersions = await VersionsByNameAsync(after.Id);
        var differences = new List<string>();
        foreach (var (key, original) in beforeVersions)
        {
            if (results.Values.Any(i => i.DisplayName == key.Name && i.Status == RunItemStatus.Skipped))
            {
                continue;
            }

            if (!afterVersions.TryGetValue(key, out var restored))
            {
                differences.Add($"{key}: missing after restore");
                continue;
            }

            differences.AddRange(JsonDiff.Compute(JsonNode.Parse(original.Payload), JsonNode.Parse(restored.Payload)).Select(d => $"{key} payload {d.Path} {d.Kind}"));
            differences.AddRange(JsonDiff.Compute(JsonNode.Parse(original.Assignments), JsonNode.Parse(restored.Assignments)).Select(d => $"{key} assignments {d.Path} {d.Kind}"));
        }

        TestContext.Out.WriteLine($"{beforeVersions.Count} policies, {results.Values.Count(i => i.Status == RunItemStatus.Skipped)} skipped");
        Assert.That(differences, Is.Empty);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(results.Values.Where(i => i.Status != RunItemStatus.Skipped).Select(i => i.Action), Is.All.EqualTo("created"));
    }

    private Task<Dictionary<(string Type, string Name), (string Payload, string Assignments)>> VersionsByNameAsync(Guid backupSetId) =>
        Factory.DbAsync(async db => (await db.BackupItems.AsNoTracking().Where(i => i.BackupSetId == backupSetId)
                .Join(db.PolicyVersions.AsNoTracking(), i => i.PolicyVersionId, v => v.Id, (i, v) => new { i.PolicyType, i.DisplayName, v.Payload, v.Assignments })
                .ToListAsync())
            .ToDictionary(x => (x.PolicyType, x.DisplayName), x => (x.Payload, x.Assignments)));
}
