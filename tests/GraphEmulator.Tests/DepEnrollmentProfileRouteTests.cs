using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>
/// Apple DEP enrollment profiles live under each Apple token (Graph beta: depOnboardingSettings/{id}/enrollmentProfiles):
/// each token lists and serves only its own profiles, enrollmentProfile is abstract, and there are no assignments.
/// </summary>
public sealed class DepEnrollmentProfileRouteTests : EmulatorTestHost
{
    private const string Tokens = "deviceManagement/depOnboardingSettings";

    private static JsonObject IosProfile(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.depIOSEnrollmentProfile",
        ["displayName"] = name,
        ["description"] = "",
        ["supervisedModeEnabled"] = true,
    };

    [Test]
    public async Task Each_token_lists_reads_updates_and_deletes_only_its_own_profiles()
    {
        var (client, tenant) = NewTenantClient();
        var first = tenant.AddDepOnboardingSetting("Contoso ABM");
        var second = tenant.AddDepOnboardingSetting("Contoso ASM");

        var tokens = (await ReadObject(await client.GetAsync($"{Tokens}?$select=id")))["value"]!.AsArray();
        Assert.That(tokens.Select(t => t!["id"]!.GetValue<string>()), Is.EqualTo(new[] { first, second }));

        var created = await PostJson(client, $"{Tokens}/{first}/enrollmentProfiles", IosProfile("iPhones"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = (await ReadObject(created))["id"]!.GetValue<string>();
        Assert.That(id, Does.Not.Contain("/"), "Graph's body carries the profile's own id");

        Assert.That((await ReadObject(await client.GetAsync($"{Tokens}/{first}/enrollmentProfiles")))["value"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That((await ReadObject(await client.GetAsync($"{Tokens}/{second}/enrollmentProfiles")))["value"]!.AsArray(), Is.Empty);
        Assert.That((await client.GetAsync($"{Tokens}/{second}/enrollmentProfiles/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var patch = await SendJson(client, HttpMethod.Patch, $"{Tokens}/{first}/enrollmentProfiles/{id}",
            new JsonObject { ["@odata.type"] = "#microsoft.graph.depIOSEnrollmentProfile", ["description"] = "Supervised" });
        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(tenant.Find("deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles", $"{first}/{id}")!["description"]!.GetValue<string>(),
            Is.EqualTo("Supervised"));

        Assert.That((await client.DeleteAsync($"{Tokens}/{first}/enrollmentProfiles/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.GetAsync($"{Tokens}/{first}/enrollmentProfiles/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Refuses_an_unknown_token_an_abstract_or_missing_type_assignments_and_writing_tokens()
    {
        var (client, tenant) = NewTenantClient();
        var token = tenant.AddDepOnboardingSetting("Contoso ABM");

        Assert.That((await PostJson(client, $"{Tokens}/{Guid.NewGuid()}/enrollmentProfiles", IosProfile("x"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var untyped = IosProfile("x");
        untyped.Remove("@odata.type");
        Assert.That((await PostJson(client, $"{Tokens}/{token}/enrollmentProfiles", untyped)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var abstractType = IosProfile("x");
        abstractType["@odata.type"] = "#microsoft.graph.enrollmentProfile";
        Assert.That((await PostJson(client, $"{Tokens}/{token}/enrollmentProfiles", abstractType)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var unknown = IosProfile("x");
        unknown["notAProperty"] = true;
        Assert.That((await PostJson(client, $"{Tokens}/{token}/enrollmentProfiles", unknown)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var id = (await ReadObject(await PostJson(client, $"{Tokens}/{token}/enrollmentProfiles", IosProfile("ok"))))["id"]!.GetValue<string>();
        Assert.That((await PostJson(client, $"{Tokens}/{token}/enrollmentProfiles/{id}/assign", new JsonObject { ["assignments"] = new JsonArray() })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostJson(client, Tokens, new JsonObject { ["tokenName"] = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(tenant.List("deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_tokens_profiles_page_with_a_next_link_under_the_same_token()
    {
        // Seen in the capture benchmark: the second page of a token's profiles was linked under a literal "{parentId}".
        var (client, tenant) = NewTenantClient();
        var token = tenant.AddDepOnboardingSetting("Contoso ABM");
        for (var i = 0; i < 7; i++)
        {
            tenant.Add("deviceManagement/depOnboardingSettings/{parentId}/enrollmentProfiles", IosProfile($"Profile {i}"));
        }

        var names = new List<string>();
        var url = $"{Tokens}/{token}/enrollmentProfiles?$top=3";
        var pages = 0;
        while (url is not null && pages++ < 10)
        {
            var response = await client.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            var page = await ReadObject(response);
            names.AddRange(page["value"]!.AsArray().Select(p => p!["displayName"]!.GetValue<string>()));
            url = page["@odata.nextLink"]?.GetValue<string>();
            Assert.That(url ?? string.Empty, Does.Not.Contain("{parentId}"));
        }

        Assert.That(names, Is.EquivalentTo(Enumerable.Range(0, 7).Select(i => $"Profile {i}")));
        Assert.That(pages, Is.EqualTo(3));
    }
}
