using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator;
using TenantAtlas.GraphEmulator.Seeding;

namespace TenantAtlas.Api.FunctionalTests.Restores;

/// <summary>
/// Issue 15: every fixture of every object type beyond the first four (scripts, update profiles, enrolment, app
/// configuration, filters, scope tags, notification templates with their localized messages, terms, categories,
/// settings catalog compliance, reusable settings, update rings) survives seed, capture, delete, restore, capture
/// again; restoring in place after drift updates exactly the drifted objects; and a re-created filter's new id is
/// what the policies restored after it carry.
/// </summary>
public sealed class RestoreObjectTypesTests : EmulatorBackedTests
{
    /// <summary>The types the fixtures under Fixtures/types/ prove (the README coverage table is checked against it).</summary>
    public static IReadOnlyList<(string Name, string Collection, PolicyTypeDefinition Type)> Fixtures =>
        [.. EmulatorFixtures.TypeFixtures.Select(f => (f.Name, f.Collection, PolicyTypes.All.Single(t => t.CollectionPath == f.Collection)))];

    [Test]
    public async Task Every_fixture_of_every_type_round_trips_through_backup_delete_and_restore()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var seeded = Seed(graph);
        Assert.That(seeded.Select(s => s.Type.Name).Distinct().Count(), Is.GreaterThanOrEqualTo(17), "fixtures cover the new types");

        var before = await RestoreScenario.CaptureAsync(Factory, tenant, "before");
        var beforeItems = await RestoreScenario.ItemsAsync(Factory, before.Id);
        Assert.That(beforeItems, Has.Count.EqualTo(seeded.Count), "capture reads every seeded object of every type");
        foreach (var item in beforeItems)
        {
            Assert.That(graph.Remove(PolicyTypes.Get(item.PolicyType).CollectionPath, item.GraphId), Is.True);
        }

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, before.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(180));
        var results = await RestoreScenario.RunItemsAsync(Factory, run.Id);
        var notCreated = results.Values.Where(i => i.Action != RunItemAction.Created)
            .Select(i => $"{i.PolicyType} {i.DisplayName}: {i.Status} {i.SkipReason}{i.ErrorCode} {i.ErrorMessage}").ToList();
        Assert.That(notCreated, Is.Empty);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));

        var after = await RestoreScenario.CaptureAsync(Factory, tenant, "after");
        Assert.That(await DifferencesAsync(before.Id, after.Id), Is.Empty);

        // Child collections and priorities came back through their own requests.
        var template = graph.List("deviceManagement/notificationMessageTemplates").First(t => t["displayName"]!.GetValue<string>().StartsWith("$displayname", StringComparison.Ordinal));
        Assert.That(graph.GetChildren("deviceManagement/notificationMessageTemplates", RestoreScenario.IdOf(template), "localizedNotificationMessages")
            .Select(m => m!["locale"]!.GetValue<string>()), Is.EquivalentTo(new[] { "en-GB", "en-US", "de-DE" }));
        var log = RestoreScenario.RequestsOf(Factory, tenant);
        Assert.That(log.Count(r => r.Method == "POST" && r.Path.EndsWith("/setPriority", StringComparison.Ordinal)),
            Is.EqualTo(seeded.Count(s => s.Type.Name == PolicyTypes.DeviceEnrollmentConfiguration)));

        // Administrative templates: captured with their definition and presentation values (as read from their own
        // collections), and re-created value by value, bound to the same catalog entries.
        await AssertAdministrativeTemplatesCapturedAsync(before.Id);
        var templates = GroupPolicyValues(graph);
        Assert.That(templates["Windows lock-down (administrative template)"], Is.EquivalentTo(new[] { "0001:", "0002:", "0003:" }));
        Assert.That(templates["Windows settings with options (administrative template)"], Is.EquivalentTo(new[] { "0004:0041", "0005:0051", "0006:0061" }));
        Assert.That(log.Count(r => r.Method == "POST" && r.Path.EndsWith("/definitionValues", StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(log.Count(r => r.Method == "POST" && r.Path.EndsWith("/presentationValues", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    /// <summary>Per administrative template (display name without the test's suffix): definition id tail ':' presentation id tails.</summary>
    private static Dictionary<string, List<string>> GroupPolicyValues(EmulatorTenant graph) =>
        graph.List(GroupPolicyCollection).ToDictionary(
            c => c["displayName"]!.GetValue<string>().Split(" #")[0],
            c => graph.GetChildren(GroupPolicyCollection, RestoreScenario.IdOf(c), "definitionValues").OfType<JsonObject>()
                .Select(v => v["#definitionId"]!.GetValue<string>()[^4..] + ":" + string.Join(',',
                    v["#presentationValues"]!.AsArray().Select(p => p!["#presentationId"]!.GetValue<string>()[^4..])))
                .ToList());

    private const string GroupPolicyCollection = "deviceManagement/groupPolicyConfigurations";

    private async Task AssertAdministrativeTemplatesCapturedAsync(Guid backupSetId)
    {
        var versions = await VersionsByNameAsync(backupSetId);
        var options = JsonNode.Parse(versions.Single(v => v.Key.Type == PolicyTypes.GroupPolicyConfiguration &&
                                                          v.Key.Name.StartsWith("Windows settings with options", StringComparison.Ordinal)).Value.Payload)!;
        var values = options["definitionValues"]!.AsArray();
        Assert.That(values.Select(v => v!["definition"]!["id"]!.GetValue<string>()[^4..]), Is.EqualTo(new[] { "0004", "0005", "0006" }));
        Assert.That(values.Select(v => v!["presentationValues"]![0]!["presentation"]!["id"]!.GetValue<string>()[^4..]), Is.EqualTo(new[] { "0041", "0051", "0061" }));
        Assert.That(values[1]!["presentationValues"]![0]!["value"]!.GetValue<int>(), Is.EqualTo(8));
        Assert.That(values[2]!["presentationValues"]![0]!["values"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Restoring_in_place_after_drift_updates_the_drifted_half_and_leaves_the_rest_unchanged()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        Seed(graph);
        var before = await RestoreScenario.CaptureAsync(Factory, tenant, "before");
        var items = await RestoreScenario.ItemsAsync(Factory, before.Id);
        var drifted = new HashSet<Guid>();
        // Every other object of each type drifts, starting with the first: every type is updated in place at least once.
        foreach (var ofType in items.GroupBy(i => i.PolicyType))
        {
            foreach (var (item, index) in ofType.OrderBy(i => i.DisplayName, StringComparer.Ordinal).Select((i, n) => (i, n)))
            {
                var collection = PolicyTypes.Get(item.PolicyType).CollectionPath;
                var current = graph.Find(collection, item.GraphId)!;
                // A property the type has, changed as an admin would in the portal (conditional access has no description).
                var property = DriftProperties.FirstOrDefault(p => current.ContainsKey(p.Name));
                if (index % 2 == 0 && property.Name is not null)
                {
                    graph.Update(collection, item.GraphId, body => body[property.Name] = property.Drift(body[property.Name]), touch: true);
                    drifted.Add(item.Id);
                }
            }
        }

        Assert.That(items.Where(i => drifted.Contains(i.Id)).Select(i => i.PolicyType).Distinct(), Is.EquivalentTo(items.Select(i => i.PolicyType).Distinct()),
            "every type has a drifted object");
        Assert.That(drifted.Count, Is.GreaterThanOrEqualTo(items.Count / 3), "about half of the objects drifted");
        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, before.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(180));
        var results = await RestoreScenario.RunItemsAsync(Factory, run.Id);

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        foreach (var item in items)
        {
            var result = results[item.Id.ToString("D")];
            Assert.That(result.Action, Is.EqualTo(drifted.Contains(item.Id) ? RunItemAction.Updated : RunItemAction.Unchanged),
                $"{item.PolicyType} {item.DisplayName}: {result.Status} {result.ErrorCode} {result.ErrorMessage}");
            Assert.That(result.GraphId, Is.EqualTo(item.GraphId), "restored in place");
        }

        var after = await RestoreScenario.CaptureAsync(Factory, tenant, "after");
        Assert.That(await DifferencesAsync(before.Id, after.Id), Is.Empty);
        await AssertAdministrativeTemplatesCapturedAsync(after.Id);
        // The drifted administrative template was updated in place: its definition values replaced one by one (deleted,
        // then created bound to the same definitions), the template's own id kept.
        Assert.That(GroupPolicyValues(graph).Values.SelectMany(v => v), Has.Member("0005:0051").And.Member("0001:"));
        var log = RestoreScenario.RequestsOf(Factory, tenant);
        Assert.That(log.Count(r => r.Method == "DELETE" && r.Path.Contains("/definitionValues/", StringComparison.Ordinal)),
            Is.EqualTo(log.Count(r => r.Method == "POST" && r.Path.EndsWith("/definitionValues", StringComparison.Ordinal))).And.GreaterThan(0));
    }

    [Test]
    public async Task A_deleted_filter_is_recreated_first_and_the_policy_restored_after_it_carries_the_new_filter_id()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var filter = graph.Add("deviceManagement/assignmentFilters", new JsonObject
        {
            ["displayName"] = "Corporate Windows 11", ["description"] = "OS 11", ["platform"] = "windows10AndLater",
            ["rule"] = "(device.osVersion -startsWith \"10.0.22\")",
        });
        var oldFilterId = RestoreScenario.IdOf(filter);
        var group = DemoTenantSeeder.DemoGroups[0].Id.ToString();
        JsonArray FilteredAssignment() =>
        [
            new JsonObject
            {
                ["target"] = new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget", ["groupId"] = group,
                    ["deviceAndAppManagementAssignmentFilterId"] = oldFilterId, ["deviceAndAppManagementAssignmentFilterType"] = "include",
                },
            },
        ];
        var policy = graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Filtered baseline"), FilteredAssignment());
        var script = graph.Add("deviceManagement/deviceManagementScripts", new JsonObject
        {
            ["displayName"] = "Filtered script", ["fileName"] = "a.ps1", ["scriptContent"] = "V3JpdGUtSG9zdCAx", ["runAsAccount"] = "system",
        }, FilteredAssignment());
        var backup = await RestoreScenario.CaptureAsync(Factory, tenant, "with filter");
        graph.Remove("deviceManagement/assignmentFilters", oldFilterId);
        graph.Remove(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(policy));
        graph.Remove("deviceManagement/deviceManagementScripts", RestoreScenario.IdOf(script));

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, backup.Id, dryRun: false, includeAssignments: true);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
        var results = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToList();

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", results.Select(r => $"{r.DisplayName} {r.ErrorCode} {r.ErrorMessage}")));
        var newFilterId = results.Single(r => r.PolicyType == PolicyTypes.AssignmentFilter).GraphId!;
        Assert.That(newFilterId, Is.Not.EqualTo(oldFilterId));
        Assert.That(graph.Find("deviceManagement/assignmentFilters", newFilterId), Is.Not.Null);
        foreach (var (type, name) in new[] { (PolicyTypes.DeviceConfiguration, "Filtered baseline"), (PolicyTypes.DeviceManagementScript, "Filtered script") })
        {
            var restored = results.Single(r => r.PolicyType == type && r.DisplayName == name);
            Assert.That(restored.Action, Is.EqualTo(RunItemAction.Created));
            var target = graph.GetAssignments(PolicyTypes.Get(type).CollectionPath, restored.GraphId!).Single()!["target"]!;
            Assert.That(target["deviceAndAppManagementAssignmentFilterId"]!.GetValue<string>(), Is.EqualTo(newFilterId), name);
            Assert.That(target["groupId"]!.GetValue<string>(), Is.EqualTo(group));
        }

        // Dependency order: the filter was created before any policy was written.
        var log = RestoreScenario.RequestsOf(Factory, tenant).Where(r => r.Method == "POST").Select(r => r.Path).ToList();
        var filterCreate = log.FindIndex(p => p.EndsWith("/deviceManagement/assignmentFilters", StringComparison.Ordinal));
        var firstPolicyCreate = log.FindIndex(p => p.EndsWith("/deviceConfigurations", StringComparison.Ordinal) || p.EndsWith("/deviceManagementScripts", StringComparison.Ordinal));
        Assert.That(filterCreate, Is.GreaterThanOrEqualTo(0).And.LessThan(firstPolicyCreate));
    }

    [Test]
    public async Task A_notification_template_recreated_with_a_new_id_is_what_the_compliance_action_restored_after_it_refers_to()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var scheduled = new JsonArray(new JsonObject
        {
            ["ruleName"] = "PasswordRequired",
            ["scheduledActionConfigurations"] = new JsonArray(
                new JsonObject { ["actionType"] = "block", ["gracePeriodHours"] = 0, ["notificationTemplateId"] = "00000000-0000-0000-0000-000000000000" },
                new JsonObject { ["actionType"] = "notification", ["gracePeriodHours"] = 24, ["notificationTemplateId"] = "placeholder" }),
        });
        var template = graph.Add("deviceManagement/notificationMessageTemplates", new JsonObject { ["displayName"] = "Warn", ["brandingOptions"] = "none" });
        scheduled[0]!["scheduledActionConfigurations"]![1]!["notificationTemplateId"] = RestoreScenario.IdOf(template);
        graph.Add("deviceManagement/deviceCompliancePolicies", new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.windows10CompliancePolicy", ["displayName"] = "Needs template", ["passwordRequired"] = true,
            ["scheduledActionsForRule"] = scheduled,
        });
        var backup = await RestoreScenario.CaptureAsync(Factory, tenant, "with template");
        var templateItem = (await RestoreScenario.ItemsAsync(Factory, backup.Id)).Single(i => i.PolicyType == PolicyTypes.NotificationMessageTemplate);
        // Both are deleted: the template (tier "referenced objects") is re-created first under a new id, and the
        // compliance policy's scheduled action (a type-specific payload reference) is rewritten to it.
        graph.Remove("deviceManagement/notificationMessageTemplates", templateItem.GraphId);
        foreach (var p in graph.List("deviceManagement/deviceCompliancePolicies"))
        {
            graph.Remove("deviceManagement/deviceCompliancePolicies", RestoreScenario.IdOf(p));
        }

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, backup.Id, dryRun: false, includeAssignments: true);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
        var results = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToList();
        var newTemplateId = results.Single(r => r.PolicyType == PolicyTypes.NotificationMessageTemplate).GraphId!;
        var compliance = results.Single(r => r.PolicyType == PolicyTypes.DeviceCompliancePolicy);
        Assert.That(compliance.Action, Is.EqualTo(RunItemAction.Created), compliance.ErrorMessage);
        var actions = graph.GetScheduledActions("deviceManagement/deviceCompliancePolicies", compliance.GraphId!)[0]!["scheduledActionConfigurations"]!.AsArray();
        Assert.That(actions.Select(a => a!["notificationTemplateId"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "00000000-0000-0000-0000-000000000000", newTemplateId }), "the template id is rewritten to the re-created one; the empty GUID is kept");
        Assert.That(newTemplateId, Is.Not.EqualTo(templateItem.GraphId));
    }

    [Test]
    public async Task A_policy_set_is_restored_last_and_its_items_point_at_the_policies_recreated_before_it()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var configuration = graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Set member configuration"));
        var script = graph.Add("deviceManagement/deviceManagementScripts", new JsonObject
        {
            ["displayName"] = "Set member script", ["fileName"] = "b.ps1", ["scriptContent"] = "V3JpdGUtSG9zdCAy", ["runAsAccount"] = "user",
        });
        graph.Add("deviceAppManagement/policySets", new JsonObject
        {
            ["displayName"] = "Onboarding set",
            ["items"] = new JsonArray(
                new JsonObject { ["@odata.type"] = "#microsoft.graph.deviceConfigurationPolicySetItem", ["payloadId"] = RestoreScenario.IdOf(configuration) },
                new JsonObject { ["@odata.type"] = "#microsoft.graph.deviceManagementScriptPolicySetItem", ["payloadId"] = RestoreScenario.IdOf(script) }),
        });
        var backup = await RestoreScenario.CaptureAsync(Factory, tenant, "with set");
        foreach (var item in await RestoreScenario.ItemsAsync(Factory, backup.Id))
        {
            graph.Remove(PolicyTypes.Get(item.PolicyType).CollectionPath, item.GraphId);
        }

        var run = await RestoreScenario.StartAsync(Factory.CreateClientFor("olivia"), tenant.Id, backup.Id, dryRun: false);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id, TimeSpan.FromSeconds(60));
        var results = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToDictionary(i => i.DisplayName ?? i.ItemKey);

        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", results.Values.Select(r => $"{r.DisplayName} {r.ErrorCode} {r.ErrorMessage}")));
        var set = results["Onboarding set"];
        var items = graph.GetChildren("deviceAppManagement/policySets", set.GraphId!, "items");
        Assert.That(items.Select(i => i!["payloadId"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { results["Set member configuration"].GraphId, results["Set member script"].GraphId }));
        Assert.That(items.Select(i => i!["payloadId"]!.GetValue<string>()), Has.None.EqualTo(RestoreScenario.IdOf(configuration)), "old ids never sent");

        var posts = RestoreScenario.RequestsOf(Factory, tenant).Where(r => r.Method == "POST").Select(r => r.Path).ToList();
        Assert.That(posts.FindIndex(p => p.EndsWith("/deviceAppManagement/policySets", StringComparison.Ordinal)),
            Is.GreaterThan(posts.FindLastIndex(p => p.EndsWith("/deviceConfigurations", StringComparison.Ordinal) || p.EndsWith("/deviceManagementScripts", StringComparison.Ordinal))),
            "the set is created after every policy");
    }

    [Test]
    public async Task A_wifi_profile_whose_key_graph_withholds_is_blocking_in_the_preview_and_never_written()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        // Graph answers preSharedKey: null for a WPA2-personal profile; restoring it would create a profile without the key.
        graph.Add(RestoreScenario.DeviceConfigurations, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.iosWiFiConfiguration", ["displayName"] = "Branch Wi-Fi", ["ssid"] = "branch",
            ["wiFiSecurityType"] = "wpa2Personal", ["preSharedKey"] = null, ["connectAutomatically"] = true,
        });
        graph.Add(RestoreScenario.DeviceConfigurations, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.iosWiFiConfiguration", ["displayName"] = "Guest Wi-Fi", ["ssid"] = "guest",
            ["wiFiSecurityType"] = "open", ["preSharedKey"] = null,
        });
        var backup = await RestoreScenario.CaptureAsync(Factory, tenant, "wifi");
        foreach (var item in await RestoreScenario.ItemsAsync(Factory, backup.Id))
        {
            graph.Remove(RestoreScenario.DeviceConfigurations, item.GraphId);
        }

        var client = Factory.CreateClientFor("olivia");
        var preview = await RestoreScenario.StartAsync(client, tenant.Id, backup.Id, dryRun: true);
        await RestoreScenario.WaitForTerminalAsync(Factory, preview.Id);
        var previewed = (await RestoreScenario.RunItemsAsync(Factory, preview.Id)).Values.ToDictionary(i => i.DisplayName ?? i.ItemKey);
        Assert.That(previewed["Branch Wi-Fi"].SkipReason, Is.EqualTo("secret_masked"));
        var diff = JsonNode.Parse(previewed["Branch Wi-Fi"].Diff!)!;
        Assert.That(diff["blocking"]!.GetValue<bool>(), Is.True);
        Assert.That(diff["maskedSecretPaths"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo(new[] { "$.preSharedKey" }));
        Assert.That(previewed["Guest Wi-Fi"].Action, Is.EqualTo(RunItemAction.WouldCreate), "an open network has no key to withhold");

        var run = await RestoreScenario.StartAsync(client, tenant.Id, backup.Id, dryRun: false);
        await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        var restored = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToDictionary(i => i.DisplayName ?? i.ItemKey);
        Assert.That(restored["Branch Wi-Fi"].SkipReason, Is.EqualTo("secret_masked"));
        Assert.That(restored["Guest Wi-Fi"].Action, Is.EqualTo(RunItemAction.Created));
        Assert.That(graph.List(RestoreScenario.DeviceConfigurations).Select(p => p["displayName"]!.GetValue<string>()), Is.EqualTo(new[] { "Guest Wi-Fi" }));
    }

    private static readonly (string Name, Func<JsonNode?, JsonNode?> Drift)[] DriftProperties =
    [
        ("description", _ => "Drifted in the portal"),
        ("brandingOptions", _ => "none"),
        ("state", v => v?.GetValue<string>() == "disabled" ? "enabledForReportingButNotEnforced" : "disabled"),
        ("isTrusted", v => !(v?.GetValue<bool>() ?? false)),
        ("includeUnknownCountriesAndRegions", v => !(v?.GetValue<bool>() ?? false)),
    ];

    private static List<(string Name, PolicyTypeDefinition Type)> Seed(EmulatorTenant graph)
    {
        var seeded = new List<(string, PolicyTypeDefinition)>();
        foreach (var ((name, collection, type), index) in Fixtures.Select((f, i) => (f, i)))
        {
            var payload = EmulatorFixtures.StripServerOwned(EmulatorFixtures.LoadEmbedded(name));
        // Unique names: the restore finds a deleted object's replacement by type and display name.
            payload[type.DisplayNameProperty] = $"{payload[type.DisplayNameProperty]?.GetValue<string>() ?? name} #{index}";
            var assignments = type.HasAssignments
                ? RestoreScenario.GroupAssignment(DemoTenantSeeder.DemoGroups[index % DemoTenantSeeder.DemoGroups.Count].Id)
                : null;
            graph.Add(collection, payload, assignments);
            seeded.Add((name, type));
        }

        return seeded;
    }

    private async Task<List<string>> DifferencesAsync(Guid beforeSetId, Guid afterSetId)
    {
        var beforeVersions = await VersionsByNameAsync(beforeSetId);
        var afterVersions = await VersionsByNameAsync(afterSetId);
        var differences = new List<string>();
        foreach (var (key, original) in beforeVersions)
        {
            if (!afterVersions.TryGetValue(key, out var restored))
            {
                differences.Add($"{key}: missing after restore");
                continue;
            }

            differences.AddRange(JsonDiff.Compute(JsonNode.Parse(original.Payload), JsonNode.Parse(restored.Payload)).Select(d => $"{key} payload {d.Path} {d.Kind}"));
            differences.AddRange(JsonDiff.Compute(JsonNode.Parse(original.Assignments), JsonNode.Parse(restored.Assignments)).Select(d => $"{key} assignments {d.Path} {d.Kind}"));
        }

        return differences;
    }

    private Task<Dictionary<(string Type, string Name), (string Payload, string Assignments)>> VersionsByNameAsync(Guid backupSetId) =>
        Factory.DbAsync(async db => (await db.BackupItems.AsNoTracking().Where(i => i.BackupSetId == backupSetId)
                .Join(db.PolicyVersions.AsNoTracking(), i => i.PolicyVersionId, v => v.Id, (i, v) => new { i.PolicyType, i.DisplayName, v.Payload, v.Assignments })
                .ToListAsync())
            .ToDictionary(x => (x.PolicyType, x.DisplayName), x => (x.Payload, x.Assignments)));
}
