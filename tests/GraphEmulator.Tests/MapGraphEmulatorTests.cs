using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TenantAtlas.GraphEmulator.Tests;

public class MapGraphEmulatorTests
{
    [Test]
    public async Task Serves_under_prefix_with_absolute_nextLinks_when_mapped_into_a_host()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGraphEmulator();
        await using var app = builder.Build();
        app.MapGraphEmulator("/graph-emulator");
        await app.StartAsync();
        var baseUrl = app.Urls.First().TrimEnd('/');
        var tenantId = Guid.NewGuid();
        var tenant = app.Services.GetRequiredService<GraphEmulatorState>().GetOrAddTenant(tenantId);
        for (var i = 0; i < 30; i++)
        {
            tenant.Add("deviceManagement/deviceConfigurations", new JsonObject { ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration", ["displayName"] = $"P{i}" });
        }

        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"emulator:{tenantId}");
        var page = JsonNode.Parse(await client.GetStringAsync($"{baseUrl}/graph-emulator/beta/deviceManagement/deviceConfigurations"))!;
        var nextLink = page["@odata.nextLink"]!.GetValue<string>();
        var second = JsonNode.Parse(await client.GetStringAsync(nextLink))!;
        var unprefixed = await client.GetAsync($"{baseUrl}/beta/deviceManagement/deviceConfigurations");

        Assert.That(nextLink, Does.StartWith($"{baseUrl}/graph-emulator/beta/deviceManagement/deviceConfigurations?"));
        Assert.That(second["value"]!.AsArray(), Has.Count.EqualTo(5));
        Assert.That(unprefixed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await app.StopAsync();
    }

    [Test]
    public async Task Changes_faults_and_reads_log_when_admin_api_is_used()
    {
        await using var server = await GraphEmulatorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var tenantId = Guid.NewGuid();

        var put = await client.PutAsync($"_emulator/tenants/{tenantId}/faults",
            new StringContent("{\"requestBudgetPer20s\":5,\"retryAfterSeconds\":1.5}", System.Text.Encoding.UTF8, "application/json"));
        var seed = await client.PostAsync($"_emulator/tenants/{tenantId}/seed?kind=demo", null);
        var log = await client.GetAsync($"_emulator/requests?tenantId={tenantId}");

        Assert.That((put.StatusCode, seed.StatusCode, log.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.OK)));
        var tenant = server.State.GetOrAddTenant(tenantId);
        Assert.That((tenant.Faults.RequestBudgetPer20s, tenant.Faults.RetryAfterSeconds), Is.EqualTo(((int?)5, (double?)1.5)));
        Assert.That(tenant.Count("deviceManagement/deviceConfigurations"), Is.GreaterThan(0));
    }
}
