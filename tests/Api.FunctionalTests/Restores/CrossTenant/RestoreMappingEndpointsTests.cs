using System.Net;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Restores.CrossTenant;

/// <summary>The mapping document of a (source, target) pair: GET/PUT/PATCH with ETag and If-Match, validated, authorized on both tenants.</summary>
public sealed class RestoreMappingEndpointsTests : ApiTestFixture
{
    private static readonly string SourceGroup = Guid.NewGuid().ToString();
    private static readonly string TargetGroup = Guid.NewGuid().ToString();

    [Test]
    public async Task Mapping_is_created_read_and_patched_with_etags()
    {
        var (source, target) = await PairAsync(("olivia", TenantRole.Reader, TenantRole.Owner));
        var client = ClientFor("olivia");
        var url = $"/api/v1/tenants/{target.Id}/restore-mappings/{source.Id}";
        Assert.That((await client.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var put = await client.PutAsync(url, Json(new JsonObject
        {
            ["groups"] = new JsonObject { [SourceGroup] = TargetGroup },
            ["scopeTags"] = new JsonObject { ["3"] = "7" },
        }));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());
        var get = await client.GetAsync(url);
        var etag = get.Headers.ETag!.ToString();
        var body = JsonNode.Parse(await get.Content.ReadAsStringAsync())!;
        Assert.That(body["groups"]![SourceGroup]!.GetValue<string>(), Is.EqualTo(TargetGroup));
        Assert.That(body["scopeTags"]!["3"]!.GetValue<string>(), Is.EqualTo("7"));
        Assert.That(body["sourceTenantId"]!.GetValue<Guid>(), Is.EqualTo(source.Id));

        var filter = Guid.NewGuid().ToString();
        var patch = await client.SendAsync(Patch(url, new JsonObject
        {
            ["assignmentFilters"] = new JsonObject { [filter] = Guid.NewGuid().ToString() },
            ["scopeTags"] = new JsonObject { ["3"] = null },
        }, etag));
        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patch.Content.ReadAsStringAsync());
        var patched = JsonNode.Parse(await patch.Content.ReadAsStringAsync())!;
        Assert.That(patched["groups"]!.AsObject().Count, Is.EqualTo(1), "a merge patch keeps what it does not name");
        Assert.That(patched["scopeTags"]!.AsObject().Count, Is.Zero, "null removes an entry");
        Assert.That(patched["assignmentFilters"]!.AsObject().ContainsKey(filter), Is.True);
        Assert.That(patch.Headers.ETag!.ToString(), Is.Not.EqualTo(etag));

        var stale = await client.SendAsync(Patch(url, new JsonObject { ["groups"] = null }, etag));
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        var audit = await client.GetAsync($"/api/v1/tenants/{target.Id}/audit-logs");
        Assert.That(await audit.Content.ReadAsStringAsync(), Does.Contain("restore_mapping.updated"));
    }

    [Test]
    public async Task Invalid_ids_are_refused_with_the_entry_named()
    {
        var (source, target) = await PairAsync(("olivia", TenantRole.Reader, TenantRole.Owner));
        var response = await ClientFor("olivia").PutAsync($"/api/v1/tenants/{target.Id}/restore-mappings/{source.Id}", Json(new JsonObject
        {
            ["groups"] = new JsonObject { ["not-a-guid"] = TargetGroup },
            ["scopeTags"] = new JsonObject { ["0"] = "5" },
            ["colour"] = "blue",
        }));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(new[] { "groups.not-a-guid", "scopeTags.0", "colour" }));
    }

    [Test]
    public async Task Mapping_needs_owner_on_the_target_to_change_and_reader_on_the_source_to_read()
    {
        var (source, target) = await PairAsync(("rita", TenantRole.Reader, TenantRole.Reader), ("tom", TenantRole.Owner, (TenantRole?)null));
        await TestTenants.AddMemberAsync(Factory, target.Id, "nina", TenantRole.Owner);
        var url = $"/api/v1/tenants/{target.Id}/restore-mappings/{source.Id}";
        var body = new JsonObject { ["groups"] = new JsonObject { [SourceGroup] = TargetGroup } };

        Assert.That((await ClientFor("rita").PutAsync(url, Json(body))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "Reader of the target");
        Assert.That((await ClientFor("tom").PutAsync(url, Json(body))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no member of the target");
        Assert.That((await ClientFor("nina").PutAsync(url, Json(body))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no member of the source");
        Assert.That((await ClientFor("nina").GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await ClientFor("rita").GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "Reader on both may read");
    }

    private async Task<(Tenant Source, Tenant Target)> PairAsync(params (string Subject, TenantRole OnSource, TenantRole? OnTarget)[] members)
    {
        var source = await CreateTenantAsync("Baseline");
        var target = await CreateTenantAsync("Customer");
        foreach (var (subject, onSource, onTarget) in members)
        {
            await AddMemberAsync(source.Id, subject, onSource);
            if (onTarget is { } role)
            {
                await AddMemberAsync(target.Id, subject, role);
            }
        }

        return (source, target);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static HttpRequestMessage Patch(string url, JsonNode body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
