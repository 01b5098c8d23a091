using System.Net;
using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Seeding;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>Groups, assignment filters and scope tags: what cross-tenant mapping reads, as strict as Graph.</summary>
public class DirectoryObjectTests : EmulatorTestHost
{
    [Test]
    public async Task Groups_filter_on_display_name_eq_case_insensitively_and_select_properties()
    {
        var (graph, tenant) = NewTenantClient("v1.0");
        var finance = tenant.Directory().AddGroup("Finance Users");
        tenant.Directory().AddGroup("Finance Users (EU)");
        tenant.Directory().AddGroup("O'Brien team");

        var found = await ReadObject(await graph.GetAsync("groups?$filter=" + Uri.EscapeDataString("displayName eq 'finance users'") + "&$select=id,displayName"));
        var quoted = await ReadObject(await graph.GetAsync("groups?$filter=" + Uri.EscapeDataString("displayName eq 'O''Brien team'")));

        var value = found["value"]!.AsArray();
        Assert.That(value.Select(g => g!["id"]!.GetValue<string>()), Is.EqualTo(new[] { finance.ToString() }));
        Assert.That(value[0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "displayName" }));
        Assert.That(quoted["value"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Groups_refuse_filters_graph_does_not_support_and_bad_ids()
    {
        var (graph, tenant) = NewTenantClient();
        tenant.Directory().AddGroup("Pilot");

        var unsupported = await graph.GetAsync("groups?$filter=" + Uri.EscapeDataString("description eq 'x'"));
        var notEq = await graph.GetAsync("groups?$filter=" + Uri.EscapeDataString("contains(displayName,'P')"));
        var badId = await graph.GetAsync("groups/not-a-guid");
        var missing = await graph.GetAsync($"groups/{Guid.NewGuid()}");
        var write = await PostJson(graph, "groups", new JsonObject { ["displayName"] = "x" });

        Assert.That((await ReadObject(unsupported))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("Request_UnsupportedQuery"));
        Assert.That(unsupported.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(notEq.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(badId))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("Request_BadRequest"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ReadObject(missing))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("Request_ResourceNotFound"));
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Group_list_pages_with_next_link()
    {
        var (graph, tenant) = NewTenantClient();
        for (var i = 0; i < 5; i++)
        {
            tenant.Directory().AddGroup($"Group {i}");
        }

        var first = await ReadObject(await graph.GetAsync("groups?$top=2"));
        var ids = first["value"]!.AsArray().Select(g => g!["id"]!.GetValue<string>()).ToList();
        var next = first["@odata.nextLink"]!.GetValue<string>();
        while (next is not null)
        {
            var page = await ReadObject(await graph.GetAsync(next));
            ids.AddRange(page["value"]!.AsArray().Select(g => g!["id"]!.GetValue<string>()));
            next = page["@odata.nextLink"]?.GetValue<string>()!;
        }

        Assert.That(ids.Distinct().Count(), Is.EqualTo(5));
        Assert.That((await graph.GetAsync("groups?$top=1000")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Filters_and_scope_tags_are_listed_created_and_validated()
    {
        var (graph, tenant) = NewTenantClient();
        var created = await PostJson(graph, "deviceManagement/assignmentFilters", new JsonObject
        {
            ["displayName"] = "Corporate", ["platform"] = "windows10AndLater", ["rule"] = "(device.manufacturer -eq \"Contoso\")",
        });
        var duplicate = await PostJson(graph, "deviceManagement/assignmentFilters", new JsonObject
        {
            ["displayName"] = "corporate", ["platform"] = "windows10AndLater", ["rule"] = "(device.model -eq \"x\")",
        });
        var badPlatform = await PostJson(graph, "deviceManagement/assignmentFilters", new JsonObject
        {
            ["displayName"] = "Other", ["platform"] = "amiga", ["rule"] = "(device.model -eq \"x\")",
        });
        var readOnly = await PostJson(graph, "deviceManagement/roleScopeTags", new JsonObject { ["displayName"] = "IT", ["id"] = "9" });
        var tag = await PostJson(graph, "deviceManagement/roleScopeTags", new JsonObject { ["displayName"] = "IT" });
        var tags = await ReadObject(await graph.GetAsync("deviceManagement/roleScopeTags"));
        var deleteDefault = await graph.DeleteAsync("deviceManagement/roleScopeTags/0");

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var filterId = (await ReadObject(created))["id"]!.GetValue<string>();
        Assert.That(tenant.Directory().ListAssignmentFilters().Select(f => f["id"]!.GetValue<string>()), Does.Contain(filterId));
        Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Created), "names are not unique (ours matches by name and reports ambiguity)");
        Assert.That(badPlatform.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(readOnly.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tag.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(tags["value"]!.AsArray().Select(t => t!["displayName"]!.GetValue<string>()), Is.EqualTo(new[] { "IT" }));
        Assert.That(deleteDefault.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public void Baseline_and_customer_tenants_hold_equally_named_groups_and_filters_with_different_ids()
    {
        var baseline = Server.State.GetOrAddTenant(Guid.NewGuid());
        var customer = Server.State.GetOrAddTenant(Guid.NewGuid());
        DemoTenantSeeder.SeedDemo(baseline);
        DemoDirectorySeeder.SeedCustomer(customer);

        var baselineGroups = baseline.Directory().ListGroups().ToDictionary(g => g["displayName"]!.GetValue<string>(), g => g["id"]!.GetValue<string>());
        var customerGroups = customer.Directory().ListGroups().ToDictionary(g => g["displayName"]!.GetValue<string>(), g => g["id"]!.GetValue<string>());
        Assert.That(customerGroups.Keys, Is.EquivalentTo(baselineGroups.Keys));
        Assert.That(baselineGroups.Values, Is.EquivalentTo(DemoTenantSeeder.DemoGroups.Select(g => g.Id.ToString())), "the demo's assignments refer to these");
        Assert.That(customerGroups.Values.Intersect(baselineGroups.Values), Is.Empty);
        var baselineFilters = baseline.Directory().ListAssignmentFilters().Select(f => f["id"]!.GetValue<string>());
        var customerFilters = customer.Directory().ListAssignmentFilters().Select(f => f["id"]!.GetValue<string>());
        Assert.That(baselineFilters, Is.EquivalentTo(DemoTenantSeeder.DemoFilters.Select(f => f.ToString())));
        Assert.That(customerFilters.Intersect(baselineFilters), Is.Empty);
    }
}
