using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Graph;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

public class ReadOnlyGuardTests : GraphGatewayTestHost
{
    [Test]
    public async Task Every_writer_call_is_blocked_and_nothing_reaches_graph_when_a_read_only_scope_is_active()
    {
        var existing = AddDeviceConfiguration("Existing");
        var (_, writer) = await StartReaderWriterAsync();
        var calls = new Dictionary<string, Func<Task>>
        {
            ["POST create"] = () => writer.CreateAsync(Tenant, DeviceConfiguration, NewDeviceConfiguration("New"), null, CancellationToken.None),
            ["PATCH"] = () => writer.UpdateAsync(Tenant, DeviceConfiguration, Id(existing), NewDeviceConfiguration("Changed"), CancellationToken.None),
            ["PUT"] = () => writer.UpdateAsync(Tenant, SettingsCatalog, "sc-1", new JsonObject { ["name"] = "x" }, CancellationToken.None),
            ["POST assign"] = () => writer.AssignAsync(Tenant, DeviceConfiguration, Id(existing), GroupAssignments(Guid.NewGuid()), CancellationToken.None),
            ["DELETE"] = () => writer.DeleteAsync(Tenant, DeviceConfiguration, Id(existing), CancellationToken.None),
        };

        using (GraphReadOnlyScope.Enter())
        {
            foreach (var (name, call) in calls)
            {
                var exception = await Assert.ThrowsAsync<GraphWriteBlockedException>(() => call(), name);
                Assert.That(exception!.Error.Code, Is.EqualTo(GraphErrorCodes.WriteBlocked), name);
            }
        }

        Assert.That(Log, Is.Empty);
        Assert.That(EmulatedTenant.Find(DeviceConfigurations, Id(existing))!["displayName"]!.GetValue<string>(), Is.EqualTo("Existing"));
    }

    [Test]
    public async Task A_batch_with_a_write_is_blocked_when_a_read_only_scope_is_active()
    {
        var services = await StartGatewayAsync();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(GraphRegistration.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.BaseAddress, "beta/$batch"))
        {
            Content = JsonContent.Create(new
            {
                requests = new object[]
                {
                    new { id = "1", method = "GET", url = "/deviceManagement/deviceConfigurations" },
                    new { id = "2", method = "DELETE", url = "/deviceManagement/deviceConfigurations/x" },
                },
            }),
        };
        request.Options.Set(GraphRequestContext.Tenant, Tenant);

        using (GraphReadOnlyScope.Enter())
        {
            await Assert.ThrowsAsync<GraphWriteBlockedException>(() => client.SendAsync(request));
        }

        Assert.That(Log, Is.Empty);
    }

    [Test]
    public async Task Reads_and_read_only_batches_go_through_when_a_read_only_scope_is_active()
    {
        var ids = Enumerable.Range(0, 3).Select(i => Id(AddDeviceConfiguration($"P{i}"))).ToList();
        var (reader, _) = await StartReaderWriterAsync();

        using (GraphReadOnlyScope.Enter())
        {
            var single = await reader.GetPolicyAsync(Tenant, DeviceConfiguration, ids[0], CancellationToken.None);
            var batch = await reader.GetPoliciesAsync(Tenant, ids.Select(id => new GraphPolicyRef(DeviceConfiguration, id)).ToList(), CancellationToken.None);

            Assert.That(single, Is.Not.Null);
            Assert.That(batch.All(r => r.Policy is not null), Is.True);
        }

        Assert.That(Log.Where(r => r.IsBatchInner || r.Method == "GET").All(r => r.Method == "GET"), Is.True);
        Assert.That(Log.Count(r => r.IsBatchInner), Is.EqualTo(3));
    }

    [Test]
    public async Task Writes_go_through_again_when_the_read_only_scope_has_ended()
    {
        var (_, writer) = await StartReaderWriterAsync();
        using (GraphReadOnlyScope.Enter())
        {
            await Assert.ThrowsAsync<GraphWriteBlockedException>(() => writer.CreateAsync(Tenant, DeviceConfiguration, NewDeviceConfiguration("A"), null, CancellationToken.None));
        }

        var created = await writer.CreateAsync(Tenant, DeviceConfiguration, NewDeviceConfiguration("B"), null, CancellationToken.None);

        Assert.That(EmulatedTenant.Find(DeviceConfigurations, Id(created)), Is.Not.Null);
        Assert.That(Log.Count(r => r.Method == "POST"), Is.EqualTo(1));
    }
}
