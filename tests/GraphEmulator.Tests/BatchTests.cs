using System.Net;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

public class BatchTests : EmulatorTestHost
{
    private static JsonObject BatchOf(IEnumerable<JsonObject> requests) => new() { ["requests"] = new JsonArray([.. requests]) };

    private static JsonObject Get(string id, string url) => new() { ["id"] = id, ["method"] = "GET", ["url"] = url };

    [Test]
    public async Task Answers_each_inner_request_when_batch_mixes_reads_and_writes()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"), [GroupTarget(Guid.NewGuid())])["id"]!.GetValue<string>();
        var batch = BatchOf(
        [
            Get("1", $"/deviceManagement/deviceConfigurations/{id}?$expand=assignments"),
            Get("2", $"deviceManagement/deviceConfigurations/{Guid.NewGuid()}"),
            new JsonObject
            {
                ["id"] = "3", ["method"] = "POST", ["url"] = "/deviceManagement/deviceConfigurations",
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                ["body"] = DeviceConfiguration("Created in batch"),
            },
        ]);

        var response = await PostJson(client, "$batch", batch);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var responses = (await ReadObject(response))["responses"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
        Assert.That(responses["1"]["status"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(responses["1"]["body"]!["assignments"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(responses["2"]["status"]!.GetValue<int>(), Is.EqualTo(404));
        Assert.That(responses["2"]["body"]!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("ResourceNotFound"));
        Assert.That(responses["3"]["status"]!.GetValue<int>(), Is.EqualTo(201));
        Assert.That(tenant.List("deviceManagement/deviceConfigurations").Select(p => p["displayName"]!.GetValue<string>()), Does.Contain("Created in batch"));
    }

    [Test]
    public async Task Returns_400_when_batch_has_21_requests()
    {
        var (client, _) = NewTenantClient();
        var batch = BatchOf(Enumerable.Range(1, 21).Select(i => Get(i.ToString(), "deviceManagement/deviceConfigurations")));

        var response = await PostJson(client, "$batch", batch);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadObject(response))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("BadRequest"));
    }

    [Test]
    public async Task Throttles_individual_inner_requests_when_budget_runs_out_inside_batch()
    {
        var (client, tenant) = NewTenantClient();
        tenant.Faults.RequestBudgetPer20s = 3;
        tenant.Faults.RetryAfterSeconds = 2.5;
        var batch = BatchOf(Enumerable.Range(1, 4).Select(i => Get(i.ToString(), "deviceManagement/deviceConfigurations")));

        var response = await PostJson(client, "$batch", batch);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var responses = (await ReadObject(response))["responses"]!.AsArray();
        Assert.That(responses.Select(r => r!["status"]!.GetValue<int>()), Is.EqualTo(new[] { 200, 200, 200, 429 }));
        Assert.That(responses[3]!["headers"]!["Retry-After"]!.GetValue<string>(), Is.EqualTo("2.5"));
    }

    [Test]
    public async Task Logs_outer_and_inner_requests_when_batch_is_sent()
    {
        var (client, tenant) = NewTenantClient();
        var batch = BatchOf([Get("a", "deviceManagement/deviceConfigurations"), Get("b", "deviceManagement/configurationPolicies")]);

        await PostJson(client, "$batch", batch);

        var log = Server.State.RequestLog.Where(r => r.TenantId == tenant.EntraTenantId).ToList();
        Assert.That(log.Select(r => (r.Method, r.Path, r.Status, r.IsBatchInner)), Is.EquivalentTo(new[]
        {
            ("GET", "/beta/deviceManagement/deviceConfigurations", 200, true),
            ("GET", "/beta/deviceManagement/configurationPolicies", 200, true),
            ("POST", "/beta/$batch", 200, false),
        }));
    }

    [Test]
    public async Task Answers_batch_under_v1_when_posted_to_v1_batch()
    {
        var (client, tenant) = NewTenantClient("v1.0");
        tenant.Add("deviceManagement/deviceCompliancePolicies", Compliance("C"));

        var response = await PostJson(client, "$batch", BatchOf([Get("1", "deviceManagement/deviceCompliancePolicies")]));

        var inner = (await ReadObject(response))["responses"]![0]!;
        Assert.That(inner["body"]!["value"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(inner["body"]!["@odata.context"]!.GetValue<string>(), Does.Contain("/v1.0/"));
    }
}
