using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

public class ListPagingTests : EmulatorTestHost
{
    [Test]
    public async Task Follows_nextLinks_through_every_page_when_no_top_is_given()
    {
        var (client, tenant) = NewTenantClient();
        for (var i = 0; i < 60; i++)
        {
            tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration($"Policy {i:D2}"));
        }

        var names = new List<string>();
        var pageSizes = new List<int>();
        string? url = "deviceManagement/deviceConfigurations";
        while (url is not null)
        {
            var page = await ReadObject(await client.GetAsync(url));
            var items = page["value"]!.AsArray();
            pageSizes.Add(items.Count);
            names.AddRange(items.Select(i => i!["displayName"]!.GetValue<string>()));
            url = page["@odata.nextLink"]?.GetValue<string>();
            if (url is not null)
            {
                Assert.That(new Uri(url).IsAbsoluteUri && url.StartsWith(Server.BaseAddress + "beta/deviceManagement/deviceConfigurations?", StringComparison.Ordinal), url);
                Assert.That(url, Does.Contain("$skiptoken="));
            }
        }

        Assert.That(pageSizes, Is.EqualTo(new[] { 25, 25, 10 }));
        Assert.That(names, Is.EqualTo(Enumerable.Range(0, 60).Select(i => $"Policy {i:D2}")));
    }

    [Test]
    public async Task Honours_top_and_keeps_it_in_nextLink_when_top_is_given()
    {
        var (client, tenant) = NewTenantClient();
        for (var i = 0; i < 23; i++)
        {
            tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance($"C{i}"));
        }

        var pages = 0;
        var total = 0;
        string? url = "deviceManagement/deviceCompliancePolicies?$top=5";
        while (url is not null)
        {
            var page = await ReadObject(await client.GetAsync(url));
            total += page["value"]!.AsArray().Count;
            pages++;
            url = page["@odata.nextLink"]?.GetValue<string>();
            Assert.That(url is null || url.Contains("$top=5"), Is.True, url);
        }

        Assert.That((pages, total), Is.EqualTo((5, 23)));
    }

    [Test]
    public async Task Lists_without_navigation_properties_unless_expanded()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("Catalog"), [GroupTarget(Guid.NewGuid())]);

        var plain = await ReadObject(await client.GetAsync("deviceManagement/configurationPolicies"));
        var expanded = await ReadObject(await client.GetAsync("deviceManagement/configurationPolicies?$expand=assignments"));

        var item = plain["value"]![0]!.AsObject();
        Assert.That(item.ContainsKey("settings") || item.ContainsKey("assignments"), Is.False);
        Assert.That(item["settingCount"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(plain["@odata.context"]!.GetValue<string>(), Does.EndWith("beta/$metadata#deviceManagement/configurationPolicies"));
        Assert.That(expanded["value"]![0]!["assignments"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Filters_by_displayName_with_escaped_quote_when_filter_is_eq()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Bob's policy"));
        tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Other"));

        var page = await ReadObject(await client.GetAsync("deviceManagement/deviceConfigurations?$filter=" + Uri.EscapeDataString("displayName eq 'Bob''s policy'")));

        Assert.That(page["value"]!.AsArray().Select(v => v!["displayName"]!.GetValue<string>()), Is.EqualTo(new[] { "Bob's policy" }));
    }

    [Test]
    public async Task Filters_settings_catalog_by_name_when_filter_uses_name()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("Alpha"));
        tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("Beta"));

        var page = await ReadObject(await client.GetAsync("deviceManagement/configurationPolicies?$filter=name eq 'Beta'"));

        Assert.That(page["value"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Beta" }));
    }

    [Test]
    public async Task Returns_400_when_filter_is_unsupported()
    {
        var (client, _) = NewTenantClient();

        var response = await client.GetAsync("deviceManagement/deviceConfigurations?$filter=startswith(displayName,'x')");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(response))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("BadRequest"));
    }

    [Test]
    public async Task Serves_the_same_collections_under_v1_when_version_is_v1()
    {
        var (client, tenant) = NewTenantClient("v1.0");
        tenant.Add("deviceAppManagement/managedAppPolicies", AppProtection("MAM"));

        var page = await ReadObject(await client.GetAsync("deviceAppManagement/managedAppPolicies"));

        Assert.That(page["value"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(page["@odata.context"]!.GetValue<string>(), Does.Contain("/v1.0/$metadata#"));
    }

    [Test]
    public async Task Lists_only_matching_type_when_collection_is_typed_app_protection_view()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Add("deviceAppManagement/managedAppPolicies", AppProtection("iOS MAM"));
        tenant.Add("deviceAppManagement/managedAppPolicies", new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.androidManagedAppProtection",
            ["displayName"] = "Android MAM",
        });

        var page = await ReadObject(await client.GetAsync("deviceAppManagement/iosManagedAppProtections"));

        Assert.That(page["value"]!.AsArray().Select(v => v!["displayName"]!.GetValue<string>()), Is.EqualTo(new[] { "iOS MAM" }));
    }
}
