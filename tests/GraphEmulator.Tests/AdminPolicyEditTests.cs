using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>The admin API changes or deletes one policy by id, as an edit in the portal would (drift for demos and tests).</summary>
public class AdminPolicyEditTests : EmulatorTestHost
{
    private HttpClient Admin() => new() { BaseAddress = Server.BaseAddress };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Test]
    public async Task Patch_changes_the_given_properties_and_moves_the_version_on()
    {
        var (graph, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Baseline"))["id"]!.GetValue<string>();
        var before = await ReadObject(await graph.GetAsync($"deviceManagement/deviceConfigurations/{id}"));
        using var admin = Admin();

        var patch = await admin.PatchAsync($"_emulator/tenants/{tenant.EntraTenantId}/policies/{id}",
            Json("{\"displayName\":\"Baseline (edited)\",\"passwordRequired\":false}"));
        var after = await ReadObject(await graph.GetAsync($"deviceManagement/deviceConfigurations/{id}"));

        Assert.Multiple(() =>
        {
            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after["displayName"]!.GetValue<string>(), Is.EqualTo("Baseline (edited)"));
            Assert.That(after["passwordRequired"]!.GetValue<bool>(), Is.False);
            Assert.That(after["version"]!.GetValue<int>(), Is.GreaterThan(before["version"]!.GetValue<int>()));
        });
    }

    [Test]
    public async Task Patch_finds_a_settings_catalog_policy_by_id_too()
    {
        var (graph, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/configurationPolicies", SettingsCatalog("Edge"))["id"]!.GetValue<string>();
        using var admin = Admin();

        var patch = await admin.PatchAsync($"_emulator/tenants/{tenant.EntraTenantId}/policies/{id}", Json("{\"name\":\"Edge v2\"}"));
        var after = await ReadObject(await graph.GetAsync($"deviceManagement/configurationPolicies/{id}"));

        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after["name"]!.GetValue<string>(), Is.EqualTo("Edge v2"));
    }

    [Test]
    public async Task Delete_removes_one_policy_and_leaves_the_others()
    {
        var (graph, tenant) = NewTenantClient();
        var gone = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Gone"))["id"]!.GetValue<string>();
        var kept = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("Kept"))["id"]!.GetValue<string>();
        using var admin = Admin();

        var delete = await admin.DeleteAsync($"_emulator/tenants/{tenant.EntraTenantId}/policies/{gone}");

        Assert.Multiple(async () =>
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That((await graph.GetAsync($"deviceManagement/deviceConfigurations/{gone}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await graph.GetAsync($"deviceManagement/deviceConfigurations/{kept}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Unknown_ids_are_404_and_the_id_cannot_be_changed()
    {
        var (_, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();
        using var admin = Admin();

        var unknownPatch = await admin.PatchAsync($"_emulator/tenants/{tenant.EntraTenantId}/policies/{Guid.NewGuid()}", Json("{\"displayName\":\"x\"}"));
        var unknownDelete = await admin.DeleteAsync($"_emulator/tenants/{tenant.EntraTenantId}/policies/{Guid.NewGuid()}");
        var idChange = await admin.PatchAsync($"_emulator/tenants/{tenant.EntraTenantId}/policies/{id}", Json($"{{\"id\":\"{Guid.NewGuid()}\"}}"));

        Assert.Multiple(() =>
        {
            Assert.That(unknownPatch.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknownDelete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(idChange.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(tenant.Find("deviceManagement/deviceConfigurations", id), Is.Not.Null);
        });
    }
}
