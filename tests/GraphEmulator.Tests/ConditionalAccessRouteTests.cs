using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>
/// Issue 15, Entra conditional access: the emulator serves identity/conditionalAccess/policies and namedLocations on
/// Graph's three-segment routes, rejects what Graph rejects, and budgets identity routes apart from Intune's.
/// </summary>
public class ConditionalAccessRouteTests : EmulatorTestHost
{
    private const string Policies = "identity/conditionalAccess/policies";
    private const string Locations = "identity/conditionalAccess/namedLocations";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    protected override GraphEmulatorState CreateState() => new(_time, randomSeed: 7);

    private static JsonObject Policy(string name) => new()
    {
        ["displayName"] = name,
        ["state"] = "enabledForReportingButNotEnforced",
        ["conditions"] = new JsonObject
        {
            ["clientAppTypes"] = new JsonArray("all"),
            ["applications"] = new JsonObject { ["includeApplications"] = new JsonArray("All") },
            ["users"] = new JsonObject { ["includeUsers"] = new JsonArray("All") },
        },
        ["grantControls"] = new JsonObject { ["operator"] = "OR", ["builtInControls"] = new JsonArray("mfa") },
    };

    private static JsonObject IpLocation(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.ipNamedLocation",
        ["displayName"] = name,
        ["isTrusted"] = true,
        ["ipRanges"] = new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.iPv4CidrRange", ["cidrAddress"] = "203.0.113.0/24" }),
    };

    [Test]
    public async Task Policies_are_created_listed_read_patched_and_deleted_on_the_three_segment_route()
    {
        var (client, tenant) = NewTenantClient();
        var created = await PostJson(client, Policies, Policy("Require MFA"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var policy = await ReadObject(created);
        var id = policy["id"]!.GetValue<string>();
        Assert.That(policy.ContainsKey("createdDateTime") && policy.ContainsKey("modifiedDateTime"), Is.True, "Entra stamps modifiedDateTime");
        Assert.That(policy.ContainsKey("lastModifiedDateTime") || policy.ContainsKey("roleScopeTagIds"), Is.False, "no Intune properties");

        var filter = Uri.EscapeDataString("displayName eq 'Require MFA'");
        var listed = await ReadObject(await client.GetAsync($"{Policies}?$filter={filter}"));
        Assert.That(listed["value"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()), Is.EqualTo(new[] { id }));
        Assert.That((await SendJson(client, HttpMethod.Patch, $"{Policies}/{id}", new JsonObject { ["state"] = "disabled" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ReadObject(await client.GetAsync($"{Policies}/{id}")))["state"]!.GetValue<string>(), Is.EqualTo("disabled"));
        Assert.That((await client.GetAsync($"{Policies}/{id}?$expand=assignments")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no assignments");
        Assert.That((await PostJson(client, $"{Policies}/{id}/assign", new JsonObject { ["assignments"] = new JsonArray() })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest), "no assign action");

        Assert.That((await client.DeleteAsync($"{Policies}/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.GetAsync($"{Policies}/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(tenant.Count(Policies), Is.Zero);
    }

    [Test]
    public async Task A_policy_create_with_read_only_properties_or_without_state_or_conditions_is_answered_400()
    {
        var (client, _) = NewTenantClient();
        foreach (var readOnly in new[] { "id", "createdDateTime", "modifiedDateTime" })
        {
            var body = Policy("Read-only " + readOnly);
            body[readOnly] = readOnly == "id" ? Guid.NewGuid().ToString() : "2025-01-01T00:00:00Z";
            Assert.That((await PostJson(client, Policies, body)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), readOnly);
        }

        var noState = Policy("No state");
        noState.Remove("state");
        Assert.That((await PostJson(client, Policies, noState)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var noConditions = Policy("No conditions");
        noConditions.Remove("conditions");
        Assert.That((await PostJson(client, Policies, noConditions)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var badState = Policy("Bad state");
        badState["state"] = "on";
        Assert.That((await PostJson(client, Policies, badState)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var unknown = Policy("Unknown property");
        unknown["priority"] = 1;
        Assert.That((await PostJson(client, Policies, unknown)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "conditionalAccessPolicy is not an open type");
        Assert.That((await PostJson(client, Policies, Policy("Valid"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_named_location_needs_a_concrete_odata_type_on_create_and_update()
    {
        var (client, _) = NewTenantClient();
        var untyped = IpLocation("Untyped");
        untyped.Remove("@odata.type");
        Assert.That((await PostJson(client, Locations, untyped)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var abstractType = IpLocation("Abstract");
        abstractType["@odata.type"] = "#microsoft.graph.namedLocation";
        Assert.That((await PostJson(client, Locations, abstractType)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var withId = IpLocation("With id");
        withId["id"] = Guid.NewGuid().ToString();
        Assert.That((await PostJson(client, Locations, withId)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var ip = await ReadObject(await PostJson(client, Locations, IpLocation("Head office")));
        var country = await PostJson(client, Locations, new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.countryNamedLocation", ["displayName"] = "Blocked", ["countriesAndRegions"] = new JsonArray("KP"),
            ["includeUnknownCountriesAndRegions"] = false,
        });
        Assert.That(country.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = ip["id"]!.GetValue<string>();

        Assert.That((await SendJson(client, HttpMethod.Patch, $"{Locations}/{id}", new JsonObject { ["isTrusted"] = false })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest), "an update names the concrete type");
        Assert.That((await SendJson(client, HttpMethod.Patch, $"{Locations}/{id}",
            new JsonObject { ["@odata.type"] = "#microsoft.graph.countryNamedLocation", ["isTrusted"] = false })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await SendJson(client, HttpMethod.Patch, $"{Locations}/{id}",
            new JsonObject { ["@odata.type"] = "#microsoft.graph.ipNamedLocation", ["isTrusted"] = false })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var patched = await ReadObject(await client.GetAsync($"{Locations}/{id}"));
        Assert.That(patched["isTrusted"]!.GetValue<bool>(), Is.False);
        Assert.That(patched["modifiedDateTime"], Is.Not.Null);
        var all = await ReadObject(await client.GetAsync(Locations));
        Assert.That(all["value"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_demo_seeds_every_conditional_access_fixture_and_a_policy_that_excludes_an_ip_location()
    {
        var (client, tenant) = NewTenantClient();
        Seeding.DemoTenantSeeder.SeedConditionalAccess(tenant);

        var locations = (await ReadObject(await client.GetAsync(Locations)))["value"]!.AsArray();
        Assert.That(locations.Select(l => l!["@odata.type"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "#microsoft.graph.ipNamedLocation", "#microsoft.graph.countryNamedLocation" }));
        var ip = locations.Single(l => l!["@odata.type"]!.GetValue<string>() == "#microsoft.graph.ipNamedLocation")!["id"]!.GetValue<string>();
        var policies = (await ReadObject(await client.GetAsync($"{Policies}?$top=100")))["value"]!.AsArray();
        Assert.That(policies, Has.Count.EqualTo(Seeding.EmulatorFixtures.TypeFixtures.Count(f => f.Collection == Policies) + 1));
        Assert.That(policies.Select(p => p!["state"]?.GetValue<string>()), Has.None.Null, "Graph requires state");
        Assert.That(policies.Select(p => p!["conditions"]!["locations"]?["excludeLocations"]?.AsArray().Select(l => l!.GetValue<string>()).FirstOrDefault()),
            Has.One.EqualTo(ip));
    }

    [Test]
    public async Task Identity_routes_have_their_own_budget_and_their_429s_carry_no_retry_after()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.RequestBudgetPer20s = 1;
        tenant.Faults.IdentityRequestBudgetPer20s = 2;

        Assert.That((await client.GetAsync("deviceManagement/deviceConfigurations")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync("deviceManagement/deviceConfigurations")).StatusCode, Is.EqualTo((HttpStatusCode)429), "Intune's budget is spent");
        Assert.That((await client.GetAsync(Policies)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "identity is not Intune's budget");
        Assert.That((await client.GetAsync(Locations)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var throttled = await client.GetAsync(Policies);
        Assert.That(throttled.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(throttled.Headers.Contains("Retry-After"), Is.False, "Graph documents no Retry-After for conditional access");
        Assert.That(tenant.IdentityWindowsOverBudget, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.That((await client.GetAsync(Policies)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the window slid");
    }
}
