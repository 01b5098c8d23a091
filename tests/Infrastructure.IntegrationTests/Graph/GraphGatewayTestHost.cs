using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TenantAtlas.Application.Graph;
using TenantAtlas.GraphEmulator;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

/// <summary>
/// One Graph emulator over real HTTP per fixture, a fresh emulated tenant per test, and a gateway host
/// built with AddGraphGateway (settings overridable per test).
/// </summary>
public abstract class GraphGatewayTestHost
{
    protected const string DeviceConfigurations = "deviceManagement/deviceConfigurations";
    protected const string ConfigurationPolicies = "deviceManagement/configurationPolicies";

    private readonly List<IHost> _hosts = [];

    protected GraphEmulatorServer Emulator { get; private set; } = null!;

    protected EmulatorTenant EmulatedTenant { get; private set; } = null!;

    protected GraphTenant Tenant { get; private set; } = null!;

    protected static PolicyTypeDefinition DeviceConfiguration => PolicyTypes.Get(PolicyTypes.DeviceConfiguration);

    protected static PolicyTypeDefinition SettingsCatalog => PolicyTypes.Get(PolicyTypes.SettingsCatalogPolicy);

    [OneTimeSetUp]
    public async Task StartEmulator() => Emulator = await GraphEmulatorServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopEmulator() => await Emulator.DisposeAsync();

    [SetUp]
    public void NewTenant()
    {
        var entraTenantId = Guid.NewGuid();
        EmulatedTenant = Emulator.State.GetOrAddTenant(entraTenantId);
        Tenant = new GraphTenant(Guid.NewGuid(), entraTenantId);
    }

    [TearDown]
    public async Task StopHosts()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        _hosts.Clear();
    }

    /// <summary>Requests the emulator saw for this test's tenant.</summary>
    protected IReadOnlyList<EmulatorRequest> Log =>
        Emulator.State.RequestLog.Where(r => r.TenantId == Tenant.EntraTenantId).ToList();

    protected async Task<IServiceProvider> StartGatewayAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["Graph:Auth"] = "Emulator",
            ["Graph:BaseUrl"] = Emulator.BaseAddress.ToString(),
            ["Graph:Retry:BaseDelay"] = "00:00:00.050",
            ["Graph:Retry:MaxDelay"] = "00:00:02",
            ["Graph:Retry:TotalBudget"] = "00:00:20",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddGraphGateway();
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host.Services;
    }

    protected async Task<(IGraphReader Reader, IGraphWriter Writer)> StartReaderWriterAsync(IDictionary<string, string?>? settings = null)
    {
        var services = await StartGatewayAsync(settings);
        return (services.GetRequiredService<IGraphReader>(), services.GetRequiredService<IGraphWriter>());
    }

    protected JsonObject AddDeviceConfiguration(string displayName, JsonArray? assignments = null) =>
        EmulatedTenant.Add(DeviceConfigurations, NewDeviceConfiguration(displayName), assignments);

    protected static JsonObject NewDeviceConfiguration(string displayName) => new()
    {
        ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
        ["displayName"] = displayName,
        ["description"] = "test",
        ["passwordRequired"] = true,
    };

    protected static JsonArray GroupAssignments(params Guid[] groupIds) =>
        new([.. groupIds.Select(g => (JsonNode)new JsonObject
        {
            ["target"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.groupAssignmentTarget",
                ["groupId"] = g.ToString(),
            },
        })]);

    protected static string Id(JsonObject policy) => policy["id"]!.GetValue<string>();
}
