using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>
/// Endpoint security intents (Graph beta): created from a template with createInstance, settings read on their own
/// collection and changed with updateSettings; every setting must belong to the intent's template.
/// </summary>
public sealed class IntentRouteTests : EmulatorTestHost
{
    private const string BitLocker = "d1174162-1dd2-4976-affc-6667049ab0ae";
    private const string SystemDrivePolicy = "deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerSystemDrivePolicy";

    private static JsonObject Setting(string definitionId, string valueJson) => new()
    {
        ["@odata.type"] = "#microsoft.graph.deviceManagementComplexSettingInstance", ["definitionId"] = definitionId, ["valueJson"] = valueJson,
    };

    private static JsonObject Instance(string name, params JsonObject[] settings) => new()
    {
        ["displayName"] = name, ["description"] = "", ["roleScopeTagIds"] = new JsonArray("0"), ["settingsDelta"] = new JsonArray(settings),
    };

    [Test]
    public async Task Create_instance_makes_an_intent_of_the_template_whose_settings_are_read_and_updated_on_their_own()
    {
        var (client, _) = NewTenantClient();

        var created = await PostJson(client, $"deviceManagement/templates/{BitLocker}/createInstance",
            Instance("BitLocker", Setting(SystemDrivePolicy, "{\"startupAuthenticationRequired\":false}")));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var intent = await ReadObject(created);
        var id = intent["id"]!.GetValue<string>();
        Assert.That(intent["templateId"]!.GetValue<string>(), Is.EqualTo(BitLocker));
        Assert.That(intent.ContainsKey("settings"), Is.False, "settings are a navigation, not in the entity");

        var settings = (await ReadObject(await client.GetAsync($"deviceManagement/intents/{id}/settings")))["value"]!.AsArray();
        Assert.That(settings.Select(s => (s!["definitionId"]!.GetValue<string>(), s["valueJson"]!.GetValue<string>())),
            Is.EqualTo(new[] { (SystemDrivePolicy, "{\"startupAuthenticationRequired\":false}") }));
        var settingId = settings[0]!["id"]!.GetValue<string>();

        var update = await PostJson(client, $"deviceManagement/intents/{id}/updateSettings",
            new JsonObject { ["settings"] = new JsonArray(Setting(SystemDrivePolicy, "{\"startupAuthenticationRequired\":true}")) });
        Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        settings = (await ReadObject(await client.GetAsync($"deviceManagement/intents/{id}/settings")))["value"]!.AsArray();
        Assert.That(settings.Select(s => (s!["id"]!.GetValue<string>(), s["valueJson"]!.GetValue<string>())),
            Is.EqualTo(new[] { (settingId, "{\"startupAuthenticationRequired\":true}") }), "the setting of that definition is replaced in place");

        var templates = (await ReadObject(await client.GetAsync("deviceManagement/templates")))["value"]!.AsArray();
        Assert.That(templates.Select(t => t!["id"]!.GetValue<string>()), Does.Contain(BitLocker));
    }

    [Test]
    public async Task Refuses_an_unknown_template_parameter_definition_or_setting_property_and_settings_in_a_create()
    {
        var (client, tenant) = NewTenantClient();

        Assert.That((await PostJson(client, $"deviceManagement/templates/{Guid.NewGuid()}/createInstance", Instance("x"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var extra = Instance("x");
        extra["templateId"] = BitLocker;
        Assert.That((await PostJson(client, $"deviceManagement/templates/{BitLocker}/createInstance", extra)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, $"deviceManagement/templates/{BitLocker}/createInstance",
            Instance("x", Setting("deviceConfiguration--madeUp_setting", "true")))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var withServerProperty = Setting(SystemDrivePolicy, "{}");
        withServerProperty["lastModifiedDateTime"] = "2026-01-01T00:00:00Z";
        Assert.That((await PostJson(client, $"deviceManagement/templates/{BitLocker}/createInstance", Instance("x", withServerProperty))).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, $"deviceManagement/templates/{BitLocker}/createInstance", new JsonObject { ["description"] = "no name" })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, "deviceManagement/intents", new JsonObject { ["displayName"] = "x", ["templateId"] = Guid.NewGuid().ToString() })).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await PostJson(client, "deviceManagement/intents", new JsonObject
        {
            ["displayName"] = "x", ["templateId"] = BitLocker, ["settings"] = new JsonArray(Setting(SystemDrivePolicy, "{}")),
        })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "settings are not deep-inserted");
        Assert.That(tenant.List("deviceManagement/intents"), Is.Empty);

        var id = (await ReadObject(await PostJson(client, $"deviceManagement/templates/{BitLocker}/createInstance", Instance("ok"))))["id"]!.GetValue<string>();
        Assert.That((await PostJson(client, $"deviceManagement/intents/{id}/updateSettings", new JsonObject { ["settingsDelta"] = new JsonArray() })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, $"deviceManagement/intents/{id}/updateSettings",
            new JsonObject { ["settings"] = new JsonArray(Setting("admx--microsoftedge_ExtensionInstallBlocklist", "\"disabled\"")) })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest), "a setting of another template");
        Assert.That((await PostJson(client, $"deviceManagement/intents/{id}/assign", new JsonObject { ["assignments"] = new JsonArray() })).StatusCode,
            Is.EqualTo(HttpStatusCode.NoContent).Or.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Intent_fixtures_are_seeded_as_graph_stores_them_with_their_template()
    {
        var (_, tenant) = NewTenantClient();
        foreach (var (name, collection) in Seeding.EmulatorFixtures.TypeFixtures.Where(f => f.Collection == "deviceManagement/intents"))
        {
            var payload = Seeding.EmulatorFixtures.StripServerOwned(Seeding.EmulatorFixtures.LoadEmbedded(name));
            Assert.That(payload["templateId"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, name);
            Assert.That(payload.ContainsKey("settingsDelta") || payload.ContainsKey("TemplateId"), Is.False, name);
            tenant.Add(collection, payload);
        }

        Assert.That(tenant.List("deviceManagement/intents"), Has.Count.EqualTo(5));
    }
}
