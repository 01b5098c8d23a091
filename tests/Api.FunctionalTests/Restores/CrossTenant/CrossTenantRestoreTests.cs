using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.Api.FunctionalTests.Restores.CrossTenant;

/// <summary>
/// Issue 20: a backup of one tenant restored into another. The preview proposes a mapping by display name and shows
/// per item what is mapped, unmapped or ambiguous; the restore creates the policies in the target with the target's
/// group and filter ids; unmapped assignments are dropped and reported (or fail the item); the source's Graph only
/// ever gets GETs; a Reader of the target is refused.
/// </summary>
public sealed class CrossTenantRestoreTests : EmulatorBackedTests
{
    [Test]
    public async Task Preview_proposes_the_mapping_by_display_name_and_shows_each_items_references_without_writing()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var client = Factory.CreateClientFor("olivia");
        var sourceBefore = CrossTenantScenario.RequestsOf(Factory, s.Source).Count;

        var preview = await s.StartAcceptedAsync(client, dryRun: true);
        Assert.That(preview.TenantId, Is.EqualTo(s.Target.Id));
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, preview.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));

        var detail = JsonNode.Parse(await (await client.GetAsync($"/api/v1/tenants/{s.Target.Id}/restore-runs/{preview.Id}?pageSize=50")).Content.ReadAsStringAsync())!;
        var restore = detail["run"]!["restore"]!;
        Assert.That(restore["sourceTenantId"]!.GetValue<Guid>(), Is.EqualTo(s.Source.Id));
        var mapping = restore["proposedMapping"]!["mapping"]!;
        Assert.That(mapping["groups"]![s.SourceFinance.ToString()]!.GetValue<string>(), Is.EqualTo(s.TargetFinance.ToString()));
        Assert.That(mapping["assignmentFilters"]![s.SourceFilter.ToString()]!.GetValue<string>(), Is.EqualTo(s.TargetFilter.ToString()));
        Assert.That(mapping["groups"]!.AsObject().ContainsKey(s.SourcePilot.ToString()), Is.False, "no Pilot Ring in the target");
        Assert.That(mapping["groups"]!.AsObject().ContainsKey(s.SourceExecutives.ToString()), Is.False, "two Executives in the target: nothing guessed");
        var details = restore["proposedMapping"]!["details"]!.AsArray();
        Assert.That(StatusOf(details, s.SourceExecutives), Is.EqualTo("ambiguous"));
        Assert.That(details.Single(d => d!["sourceId"]!.GetValue<string>() == s.SourceExecutives.ToString())!["candidates"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(StatusOf(details, s.SourcePilot), Is.EqualTo("unmapped"));
        Assert.That(details.Single(d => d!["sourceId"]!.GetValue<string>() == s.SourcePilot.ToString())!["sourceDisplayName"]!.GetValue<string>(),
            Is.EqualTo(CrossTenantScenario.Pilot), "the source's group name is read from the source");

        var items = detail["items"]!["items"]!.AsArray().ToDictionary(i => i!["displayName"]!.GetValue<string>(), i => i!);
        // The backup also holds the source's filter (a type of its own): the target has one of that name.
        Assert.That(items[CrossTenantScenario.CorporateFilter]["policyType"]!.GetValue<string>(), Is.EqualTo("assignmentFilter"));
        var configurations = items.Values.Where(i => i["policyType"]!.GetValue<string>() == "deviceConfiguration").Select(i => i["action"]!.GetValue<string>()).ToList();
        Assert.That(configurations, Has.Count.EqualTo(3));
        Assert.That(configurations, Is.All.EqualTo("would_create"));
        var baseline = items[CrossTenantScenario.BaselinePolicy]["diff"]!["references"]!.AsArray();
        Assert.That(baseline.Select(r => (r!["kind"]!.GetValue<string>(), r["status"]!.GetValue<string>(), r["targetId"]!.GetValue<string>())),
            Is.EquivalentTo(new[] { ("Group", "proposed", s.TargetFinance.ToString()), ("AssignmentFilter", "proposed", s.TargetFilter.ToString()) }));
        var pilot = items[CrossTenantScenario.PilotPolicy]["diff"]!;
        Assert.That(pilot["references"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("unmapped"));
        Assert.That(pilot["warnings"]![0]!.GetValue<string>(), Does.Contain("dropped").And.Contain(CrossTenantScenario.Pilot));
        Assert.That(items[CrossTenantScenario.ExecutivePolicy]["diff"]!["references"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("ambiguous"));

        var targetRequests = CrossTenantScenario.RequestsOf(Factory, s.Target);
        Assert.That(targetRequests.Where(r => r.Method != "GET"), Is.Empty, "a preview never writes");
        Assert.That(targetRequests.Any(r => r.Path.Contains("/groups?", StringComparison.Ordinal) && r.Path.Contains("displayName", StringComparison.Ordinal)), Is.True,
            "groups are looked up by display name in the target");
        Assert.That(targetRequests.Where(r => r.Path.Contains("deviceConfigurations/", StringComparison.Ordinal)), Is.Empty,
            "the source's Graph ids are never looked up in the target");
        var sourceRequests = CrossTenantScenario.RequestsOf(Factory, s.Source).Skip(sourceBefore).ToList();
        Assert.That(sourceRequests, Is.Not.Empty);
        Assert.That(sourceRequests.Select(r => r.Method), Is.All.EqualTo("GET"));
    }

    [Test]
    public async Task Restore_creates_the_policies_in_the_target_with_mapped_group_and_filter_ids_and_reports_the_unmapped_group()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var client = Factory.CreateClientFor("olivia");
        var sourceBefore = CrossTenantScenario.RequestsOf(Factory, s.Source).Count;
        var preview = await s.StartAcceptedAsync(client, dryRun: true);
        await RestoreScenario.WaitForTerminalAsync(Factory, preview.Id);
        var detail = JsonNode.Parse(await (await client.GetAsync($"/api/v1/tenants/{s.Target.Id}/restore-runs/{preview.Id}")).Content.ReadAsStringAsync())!;

        // Accept the proposal as it is: PATCH it into the pair's mapping document.
        var patched = await s.PatchMappingAsync(client, detail["run"]!["restore"]!["proposedMapping"]!["mapping"]!.DeepClone());
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.Created), await patched.Content.ReadAsStringAsync());

        var executed = await (await client.PostAsync($"/api/v1/tenants/{s.Target.Id}/restore-runs/{preview.Id}/execute", null))
            .ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(executed.Restore!.SourceTenantId, Is.EqualTo(s.Source.Id));
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, executed.Id);
        var items = (await RestoreScenario.RunItemsAsync(Factory, executed.Id)).Values.ToDictionary(i => i.DisplayName!);
        Assert.That(items.Values.Where(i => i.PolicyType == "deviceConfiguration").Select(i => (i.Status, i.Action)), Is.All.EqualTo((RunItemStatus.Succeeded, "created")),
            string.Join("; ", items.Values.Select(i => $"{i.DisplayName}: {i.ErrorCode} {i.ErrorMessage}")));
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));

        var created = s.TargetGraph.List(RestoreScenario.DeviceConfigurations).ToDictionary(p => p["displayName"]!.GetValue<string>());
        Assert.That(created.Keys, Is.EquivalentTo(new[] { CrossTenantScenario.BaselinePolicy, CrossTenantScenario.PilotPolicy, CrossTenantScenario.ExecutivePolicy }));
        var baseline = s.TargetGraph.GetAssignments(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(created[CrossTenantScenario.BaselinePolicy]));
        Assert.That(baseline.Single()!["target"]!["groupId"]!.GetValue<string>(), Is.EqualTo(s.TargetFinance.ToString()));
        Assert.That(baseline.Single()!["target"]!["deviceAndAppManagementAssignmentFilterId"]!.GetValue<string>(), Is.EqualTo(s.TargetFilter.ToString()));
        Assert.That(created[CrossTenantScenario.BaselinePolicy]["passwordMinimumLength"]!.GetValue<int>(), Is.EqualTo(14));

        // The unmapped Pilot Ring assignment is dropped and reported on its item, which still succeeds.
        Assert.That(s.TargetGraph.GetAssignments(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(created[CrossTenantScenario.PilotPolicy])), Is.Empty);
        var pilotDiff = JsonNode.Parse(items[CrossTenantScenario.PilotPolicy].Diff!)!;
        Assert.That(pilotDiff["droppedAssignments"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo(new[] { "$.assignments[0]" }));
        Assert.That(pilotDiff["warnings"]![0]!.GetValue<string>(), Does.Contain(s.SourcePilot.ToString()));

        // Audit in the target names the source; the source's Graph got GETs only and keeps its three policies.
        var audit = await DbAsync(db => db.AuditLogs.AsNoTracking().Where(a => a.RunId == executed.Id).ToListAsync());
        Assert.That(audit.Select(a => a.TenantId), Is.All.EqualTo(s.Target.Id));
        Assert.That(audit.Single(a => a.Action == "restore.started").Metadata, Does.Contain(s.Source.Id.ToString()));
        Assert.That(audit.Count(a => a.Action == "restore.item.created"), Is.EqualTo(3));
        Assert.That(CrossTenantScenario.RequestsOf(Factory, s.Source).Skip(sourceBefore).Select(r => r.Method), Is.All.EqualTo("GET"));
        Assert.That(s.SourceGraph.Count(RestoreScenario.DeviceConfigurations), Is.EqualTo(3));
    }

    [Test]
    public async Task Item_with_an_unmapped_group_fails_when_the_run_asks_unmapped_assignments_to_fail()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var client = Factory.CreateClientFor("olivia");
        var put = await s.PutMappingAsync(client, new
        {
            groups = new Dictionary<string, string> { [s.SourceFinance.ToString()] = s.TargetFinance.ToString() },
            assignmentFilters = new Dictionary<string, string> { [s.SourceFilter.ToString()] = s.TargetFilter.ToString() },
        });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());

        var run = await s.StartAcceptedAsync(client, dryRun: false, unmappedAssignments: "fail");
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        var items = (await RestoreScenario.RunItemsAsync(Factory, run.Id)).Values.ToDictionary(i => i.DisplayName!);

        Assert.That(items[CrossTenantScenario.BaselinePolicy].Status, Is.EqualTo(RunItemStatus.Succeeded));
        Assert.That(items[CrossTenantScenario.PilotPolicy], Has.Property("Status").EqualTo(RunItemStatus.Failed)
            .And.Property("ErrorCode").EqualTo("restore.unresolved_reference"));
        Assert.That(items[CrossTenantScenario.PilotPolicy].ErrorMessage, Does.Contain(s.SourcePilot.ToString()));
        Assert.That(items[CrossTenantScenario.ExecutivePolicy].Status, Is.EqualTo(RunItemStatus.Failed));
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Partial));
        Assert.That(s.TargetGraph.List(RestoreScenario.DeviceConfigurations).Select(p => p["displayName"]!.GetValue<string>()),
            Is.EqualTo(new[] { CrossTenantScenario.BaselinePolicy }), "a failed item sends nothing");
    }

    [Test]
    public async Task Reader_of_the_target_is_refused_and_nothing_is_created()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("rita", TenantRole.Owner, TenantRole.Reader));
        var client = Factory.CreateClientFor("rita");

        foreach (var dryRun in new[] { false, true })
        {
            var problem = await (await s.StartAsync(client, dryRun)).ReadProblemAsync(HttpStatusCode.Forbidden);
            Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("forbidden"));
        }

        var deployment = await client.PostJsonAsync("/api/v1/restore-deployments", new
        {
            sourceTenantId = s.Source.Id, backupSetId = s.Set.Id, dryRun = false, includeAssignments = true, targets = new[] { s.Target.Id },
        });
        Assert.That(deployment.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await DbAsync(db => db.Runs.CountAsync(r => r.TenantId == s.Target.Id)), Is.Zero);
        await Task.Delay(300);
        Assert.That(CrossTenantScenario.RequestsOf(Factory, s.Target), Is.Empty, "the target's Graph is never called");
        Assert.That(s.TargetGraph.Count(RestoreScenario.DeviceConfigurations), Is.Zero);
    }

    [Test]
    public async Task Owner_of_the_target_without_membership_in_the_source_is_refused()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        await TestTenants.AddMemberAsync(Factory, s.Target.Id, "tom", TenantRole.Owner);

        var problem = await (await s.StartAsync(Factory.CreateClientFor("tom"), dryRun: false)).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("source"));
        Assert.That(await DbAsync(db => db.Runs.CountAsync(r => r.TenantId == s.Target.Id)), Is.Zero);
    }

    [Test]
    public async Task Missing_filter_is_created_in_the_target_first_and_used_by_the_policy_when_asked()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var targetFilters = s.TargetGraph.Directory();
        // A fresh target that has the Finance Users group but no filter of the baseline's name.
        var (bare, bareGraph) = await RestoreScenario.CreateTenantAsync(Factory, ("olivia", TenantRole.Owner));
        var bareFinance = bareGraph.Directory().AddGroup(CrossTenantScenario.Finance);
        var client = Factory.CreateClientFor("olivia");
        var put = await client.PutAsJsonAsync($"/api/v1/tenants/{bare.Id}/restore-mappings/{s.Source.Id}", new
        {
            groups = new Dictionary<string, string> { [s.SourceFinance.ToString()] = bareFinance.ToString() },
        });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());

        var response = await client.PostJsonAsync($"/api/v1/tenants/{bare.Id}/restore-runs", new
        {
            sourceTenantId = s.Source.Id, backupSetId = s.Set.Id, dryRun = false, includeAssignments = true, createMissingReferences = true,
        });
        var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        var finished = await RestoreScenario.WaitForTerminalAsync(Factory, run.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded), $"{finished.FailureCode} {finished.FailureMessage} " + string.Join(" ", CrossTenantScenario.RequestsOf(Factory, bare).Select(r => $"{r.Method} {r.Path} {r.Status}")));
        var created = bareGraph.Directory().ListAssignmentFilters().Single();
        Assert.That(created["displayName"]!.GetValue<string>(), Is.EqualTo(CrossTenantScenario.CorporateFilter));
        Assert.That(created["id"]!.GetValue<string>(), Is.Not.EqualTo(s.SourceFilter.ToString()));
        var policy = bareGraph.List(RestoreScenario.DeviceConfigurations).Single(p => p["displayName"]!.GetValue<string>() == CrossTenantScenario.BaselinePolicy);
        var target = bareGraph.GetAssignments(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(policy)).Single()!["target"]!;
        Assert.That(target["groupId"]!.GetValue<string>(), Is.EqualTo(bareFinance.ToString()));
        Assert.That(target["deviceAndAppManagementAssignmentFilterId"]!.GetValue<string>(), Is.EqualTo(created["id"]!.GetValue<string>()));
        Assert.That(await DbAsync(db => db.AuditLogs.CountAsync(a => a.RunId == run.Id && a.Action == "restore.reference.created")), Is.EqualTo(1));
        Assert.That(targetFilters.ListAssignmentFilters(), Has.Count.EqualTo(1), "the other target is untouched");
        Assert.That(CrossTenantScenario.RequestsOf(Factory, s.Source).Select(r => r.Method), Is.All.EqualTo("GET"));
    }

    [Test]
    public async Task Cross_tenant_options_are_validated()
    {
        var s = await CrossTenantScenario.CreateAsync(Factory, ("olivia", TenantRole.Owner, TenantRole.Owner));
        var client = Factory.CreateClientFor("olivia");

        var badValue = await (await s.StartAsync(client, dryRun: true, unmappedAssignments: "ignore")).ReadProblemAsync(HttpStatusCode.BadRequest);
        var sameTenant = await (await client.PostJsonAsync($"/api/v1/tenants/{s.Source.Id}/restore-runs", new
        {
            backupSetId = s.Set.Id, dryRun = true, unmappedAssignments = "fail", createMissingReferences = true,
        })).ReadProblemAsync(HttpStatusCode.BadRequest);
        var foreignSet = await client.PostJsonAsync($"/api/v1/tenants/{s.Target.Id}/restore-runs", new { backupSetId = s.Set.Id, dryRun = true });

        Assert.That(badValue["errors"]!.AsObject().Select(e => e.Key), Has.Some.Contains("UnmappedAssignments").IgnoreCase);
        Assert.That(sameTenant["errors"]!.AsObject().Count, Is.EqualTo(2), sameTenant.ToJsonString());
        Assert.That(foreignSet.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "without sourceTenantId the set is looked up in the target");
        Assert.That(await DbAsync(db => db.Runs.CountAsync(r => r.TenantId == s.Target.Id || r.TenantId == s.Source.Id)), Is.Zero);
    }

    private static string StatusOf(JsonArray details, Guid sourceId) =>
        details.Single(d => d!["sourceId"]!.GetValue<string>() == sourceId.ToString())!["status"]!.GetValue<string>();
}
