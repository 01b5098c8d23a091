using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

public class GraphReaderTests : GraphGatewayTestHost
{
    [Test]
    public async Task ListAsync_follows_nextLink_through_every_page_when_the_collection_spans_several_pages()
    {
        var ids = Enumerable.Range(0, 60).Select(i => Id(AddDeviceConfiguration($"Policy {i:00}"))).ToHashSet();
        var (reader, _) = await StartReaderWriterAsync();

        var listed = new List<string>();
        await foreach (var item in reader.ListAsync(Tenant, DeviceConfiguration, CancellationToken.None))
        {
            listed.Add(Id(item));
        }

        Assert.That(listed, Is.EquivalentTo(ids));
        Assert.That(Log.Count(r => r.Method == "GET"), Is.EqualTo(3), "60 items at 25 per page");
    }

    [Test]
    public async Task GetPolicyAsync_returns_payload_with_settings_and_splits_assignments_off_when_read_in_one_request()
    {
        var group = Guid.NewGuid();
        var created = EmulatedTenant.Add(ConfigurationPolicies, new JsonObject
        {
            ["name"] = "Edge",
            ["platforms"] = "windows10",
            ["technologies"] = "mdm",
            ["settings"] = new JsonArray(new JsonObject
            {
                ["settingInstance"] = new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance",
                    ["settingDefinitionId"] = "device_vendor_msft_policy_config_a",
                    ["simpleSettingValue"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.deviceManagementConfigurationIntegerSettingValue", ["value"] = 3 },
                },
            }),
        }, GroupAssignments(group));
        var (reader, _) = await StartReaderWriterAsync();

        var policy = await reader.GetPolicyAsync(Tenant, SettingsCatalog, Id(created), CancellationToken.None);

        Assert.That(policy, Is.Not.Null);
        Assert.That(policy!.GraphId, Is.EqualTo(Id(created)));
        Assert.That(policy.Payload["settings"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(policy.Payload.Any(p => p.Key.StartsWith("assignments", StringComparison.Ordinal)), Is.False);
        Assert.That(policy.Assignments, Has.Count.EqualTo(1));
        Assert.That(policy.Assignments[0]!["target"]!["groupId"]!.GetValue<string>(), Is.EqualTo(group.ToString()));
        Assert.That(Log, Has.Count.EqualTo(1));
        Assert.That(Log[0].Path, Does.Contain("expand=").And.Contain("assignments"));
    }

    [Test]
    public async Task GetPolicyAsync_returns_null_when_graph_answers_404()
    {
        var (reader, _) = await StartReaderWriterAsync();

        var policy = await reader.GetPolicyAsync(Tenant, DeviceConfiguration, Guid.NewGuid().ToString(), CancellationToken.None);

        Assert.That(policy, Is.Null);
        Assert.That(Log.Single().Status, Is.EqualTo(404));
    }

    [Test]
    public async Task GetPoliciesAsync_reads_through_batches_of_20_and_reports_missing_ones_when_given_many_ids()
    {
        var refs = Enumerable.Range(0, 44)
            .Select(i => new GraphPolicyRef(DeviceConfiguration, Id(AddDeviceConfiguration($"P{i}", GroupAssignments(Guid.NewGuid())))))
            .Append(new GraphPolicyRef(DeviceConfiguration, Guid.NewGuid().ToString()))
            .ToList();
        var (reader, _) = await StartReaderWriterAsync();

        var results = await reader.GetPoliciesAsync(Tenant, refs, CancellationToken.None);

        Assert.That(results, Has.Count.EqualTo(45));
        Assert.That(results.Take(44).All(r => r.Policy is not null && r.Policy.Assignments.Count == 1 && r.Error is null), Is.True);
        Assert.That(results.Select(r => r.Ref), Is.EqualTo(refs));
        Assert.That(results[44].NotFound, Is.True);
        Assert.That(Log.Count(r => !r.IsBatchInner && r.Path.Contains("$batch")), Is.EqualTo(3));
        Assert.That(Log.Count(r => r.IsBatchInner), Is.EqualTo(45));
    }

    [Test]
    public async Task GetPoliciesAsync_retries_a_throttled_inner_request_alone_after_its_retry_after_when_the_batch_is_partly_throttled()
    {
        var ids = Enumerable.Range(0, 5).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        var throttled = EmulatedTenant.Faults.AddScriptedFailure(new ScriptedFailure(429, "TooManyRequests", times: 1)
        {
            ObjectId = ids[2],
            RetryAfterSeconds = 0.3,
        });
        var (reader, _) = await StartReaderWriterAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var results = await reader.GetPoliciesAsync(Tenant, ids.Select(id => new GraphPolicyRef(DeviceConfiguration, id)).ToList(), CancellationToken.None);

        Assert.That(results.All(r => r.Policy is not null), Is.True);
        Assert.That(throttled.Hits, Is.EqualTo(1));
        Assert.That(started.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.3)));
        var retried = Log.Where(r => !r.IsBatchInner && r.Method == "GET").ToList();
        Assert.That(retried, Has.Count.EqualTo(1));
        Assert.That(retried[0].Path, Does.Contain(ids[2]));
        Assert.That(retried[0].Status, Is.EqualTo(200));
    }

    [Test]
    public async Task FindByDisplayNameAsync_finds_the_exact_name_when_it_contains_a_quote()
    {
        var wanted = AddDeviceConfiguration("O'Brien baseline");
        AddDeviceConfiguration("O'Brien baseline 2");
        AddDeviceConfiguration("Other");
        var (reader, _) = await StartReaderWriterAsync();

        var found = await reader.FindByDisplayNameAsync(Tenant, DeviceConfiguration, "O'Brien baseline", CancellationToken.None);

        Assert.That(found.Select(Id), Is.EqualTo(new[] { Id(wanted) }));
    }
}
