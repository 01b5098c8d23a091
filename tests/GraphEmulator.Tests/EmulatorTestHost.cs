using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Tests;

/// <summary>Starts one emulator per fixture and hands out HTTP clients bound to fresh tenants.</summary>
public abstract class EmulatorTestHost
{
    protected GraphEmulatorServer Server { get; private set; } = null!;

    protected virtual GraphEmulatorState CreateState() => new();

    [OneTimeSetUp]
    public async Task StartEmulator() => Server = await GraphEmulatorServer.StartAsync(CreateState());

    [OneTimeTearDown]
    public async Task StopEmulator() => await Server.DisposeAsync();

    /// <summary>A client whose base address is {emulator}/beta/ and whose token names a new tenant.</summary>
    protected (HttpClient Client, EmulatorTenant Tenant) NewTenantClient(string version = "beta")
    {
        var tenantId = Guid.NewGuid();
        var client = new HttpClient { BaseAddress = new Uri(Server.BaseAddress, version + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"emulator:{tenantId}");
        return (client, Server.State.GetOrAddTenant(tenantId));
    }

    protected static async Task<JsonObject> ReadObject(HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    protected static Task<HttpResponseMessage> PostJson(HttpClient client, string url, JsonNode body) =>
        client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    protected static Task<HttpResponseMessage> SendJson(HttpClient client, HttpMethod method, string url, JsonNode body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });

    protected static JsonObject DeviceConfiguration(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.windows10GeneralConfiguration",
        ["displayName"] = name,
        ["passwordRequired"] = true,
    };

    protected static JsonObject Compliance(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.windows10CompliancePolicy",
        ["displayName"] = name,
        ["bitLockerEnabled"] = true,
        ["scheduledActionsForRule"] = new JsonArray(new JsonObject
        {
            ["ruleName"] = "PasswordRequired",
            ["scheduledActionConfigurations"] = new JsonArray(new JsonObject
            {
                ["actionType"] = "block",
                ["gracePeriodHours"] = 12,
                ["notificationTemplateId"] = "",
            }),
        }),
    };

    protected static JsonObject SettingsCatalog(string name, int settings = 2)
    {
        var array = new JsonArray();
        for (var i = 0; i < settings; i++)
        {
            array.Add(new JsonObject
            {
                ["settingInstance"] = new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance",
                    ["settingDefinitionId"] = $"device_vendor_msft_policy_config_test_{i}",
                    ["choiceSettingValue"] = new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.deviceManagementConfigurationChoiceSettingValue",
                        ["value"] = $"device_vendor_msft_policy_config_test_{i}_1",
                        ["children"] = new JsonArray(),
                    },
                },
            });
        }

        return new JsonObject
        {
            ["name"] = name,
            ["platforms"] = "windows10",
            ["technologies"] = "mdm",
            ["settings"] = array,
        };
    }

    protected static JsonObject AppProtection(string name) => new()
    {
        ["@odata.type"] = "#microsoft.graph.iosManagedAppProtection",
        ["displayName"] = name,
        ["pinRequired"] = true,
    };

    protected static JsonObject GroupTarget(Guid groupId, string type = "#microsoft.graph.groupAssignmentTarget") => new()
    {
        ["target"] = new JsonObject { ["@odata.type"] = type, ["groupId"] = groupId.ToString() },
    };

}
