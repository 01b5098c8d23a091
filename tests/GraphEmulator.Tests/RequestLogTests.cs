using System.Net;

namespace TenantAtlas.GraphEmulator.Tests;

public class RequestLogTests : EmulatorTestHost
{
    [Test]
    public async Task Records_method_path_tenant_and_final_status_including_rejections()
    {
        var (client, tenant) = NewTenantClient();
        var id = tenant.Add("deviceManagement/deviceConfigurations", DeviceConfiguration("D"))["id"]!.GetValue<string>();
        tenant.Faults.RequestBudgetPer20s = 2;

        await client.GetAsync($"deviceManagement/deviceConfigurations/{id}");
        await client.DeleteAsync($"deviceManagement/deviceConfigurations/{id}");
        await client.GetAsync("deviceManagement/deviceConfigurations?$top=5");

        var log = Server.State.RequestLog.Where(r => r.TenantId == tenant.EntraTenantId).ToList();
        Assert.That(log.Select(r => (r.Method, r.Path, r.Status, r.IsBatchInner)), Is.EqualTo(new[]
        {
            ("GET", $"/beta/deviceManagement/deviceConfigurations/{id}", 200, false),
            ("DELETE", $"/beta/deviceManagement/deviceConfigurations/{id}", 204, false),
            ("GET", "/beta/deviceManagement/deviceConfigurations?$top=5", 429, false),
        }));
    }

    [Test]
    public async Task Records_unauthenticated_requests_without_tenant()
    {
        using var client = new HttpClient { BaseAddress = Server.BaseAddress };
        var marker = Guid.NewGuid();

        var response = await client.GetAsync($"beta/deviceManagement/deviceConfigurations/{marker}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var entry = Server.State.RequestLog.Single(r => r.Path.Contains(marker.ToString()));
        Assert.That((entry.TenantId, entry.Status), Is.EqualTo(((Guid?)null, 401)));
    }

    [Test]
    public async Task Empties_the_log_when_cleared()
    {
        var (client, _) = NewTenantClient();
        await client.GetAsync("deviceManagement/deviceConfigurations");

        Server.State.ClearRequestLog();

        Assert.That(Server.State.RequestLog, Is.Empty);
    }
}
