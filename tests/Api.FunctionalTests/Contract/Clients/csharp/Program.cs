// The main flow through the Kiota-generated C# client (GeneratedClientTests). Hand-written; the client under
// Client/ is generated from the live document and never edited. Prints one JSON object (the facts the test
// compares with the API's raw answers) as its last line.
//   phase 1: <baseUrl> <token> <tenantName>  list tenants, sync, back up, poll to the end, read an item's payload
//   phase 2: <baseUrl> <token> <tenantId> <backupSetId>  preview, poll, read the diffs, read problems' codes
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Serialization.Json;
using TenantAtlas.Client;
using TenantAtlas.Client.Models;

var phase = args[0];
using var http = new HttpClient();
http.DefaultRequestHeaders.Authorization = new("Bearer", args[2]);
var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = args[1].TrimEnd('/') };
var client = new TenantAtlasClient(adapter);
var output = new JsonObject();

if (phase == "1")
{
    var tenants = await client.Api.V1.Tenants.GetAsync();
    var tenant = tenants!.Items!.Single(t => t.Name == args[3]);
    output["tenantId"] = tenant.Id.ToString();
    var tenantApi = client.Api.V1.Tenants[tenant.Id!.Value];

    var sync = await tenantApi.Policies.Sync.PostAsync();
    output["syncStatus"] = (await WaitAsync(tenantApi, sync!.Id!.Value)).ToString();

    var started = await tenantApi.BackupSets.PostAsync(new CreateBackupSetRequest { Name = "Kiota nightly", All = true });
    output["backupSetId"] = started!.BackupSet!.Id.ToString();
    output["backupOperation"] = Wire(started.Run!.Operation);
    output["backupStatus"] = (await WaitAsync(tenantApi, started.Run.Id!.Value)).ToString();

    var items = await tenantApi.BackupSets[started.BackupSet.Id!.Value].Items.GetAsync();
    var item = items!.Items!.OrderBy(i => i.DisplayName, StringComparer.Ordinal).First();
    output["itemCount"] = items.Items!.Count;
    output["policyId"] = item.PolicyId.ToString();
    output["versionNumber"] = item.VersionNumber;
    var version = await tenantApi.Policies[item.PolicyId!.Value].Versions[item.VersionNumber!.Value].GetAsync();
    output["payload"] = await AsJsonAsync(version!.Payload);
}
else
{
    var tenantApi = client.Api.V1.Tenants[Guid.Parse(args[3])];
    var preview = await tenantApi.RestoreRuns.PostAsync(new StartRestoreRunRequest { BackupSetId = Guid.Parse(args[4]), DryRun = true });
    output["previewRunId"] = preview!.Id.ToString();
    output["previewOperation"] = Wire(preview.Operation);
    output["previewStatus"] = (await WaitAsync(tenantApi, preview.Id!.Value)).ToString();
    var details = await tenantApi.RestoreRuns[preview.Id!.Value].GetAsync();
    var diffs = new JsonArray();
    foreach (var item in details!.Items!.Items!)
    {
        diffs.Add(new JsonObject { ["itemKey"] = item.ItemKey, ["action"] = Wire(item.Action), ["diff"] = await AsJsonAsync(item.Diff) });
    }

    output["items"] = diffs;
    try
    {
        await tenantApi.BackupSets[Guid.NewGuid()].GetAsync();
        output["notFoundCode"] = "no error";
    }
    catch (ProblemDetails problem)
    {
        output["notFoundStatus"] = problem.ResponseStatusCode;
        output["notFoundCode"] = problem.Code;
    }

    try
    {
        await tenantApi.RestoreRuns.PostAsync(new StartRestoreRunRequest { BackupSetId = Guid.Parse(args[4]) });
        output["validationCode"] = "no error";
    }
    catch (ProblemDetails problem)
    {
        output["validationStatus"] = problem.ResponseStatusCode;
        output["validationCode"] = problem.Code;
        output["validationFields"] = new JsonArray([.. (problem.Errors?.AdditionalData.Keys ?? []).Select(k => (JsonNode)k)]);
    }
}

Console.WriteLine(output.ToJsonString());

static async Task<RunStatus> WaitAsync(TenantAtlas.Client.Api.V1.Tenants.Item.WithTenantItemRequestBuilder tenantApi, Guid runId)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (true)
    {
        var monitor = await tenantApi.Runs[runId].GetAsync();
        if (monitor!.Status is not (RunStatus.Queued or RunStatus.Running) || DateTime.UtcNow > deadline)
        {
            return monitor.Status!.Value;
        }

        await Task.Delay(200);
    }
}

// An enum's value on the wire (Kiota keeps it in [EnumMember(Value = ...)]; the member name is a C# identifier).
static string? Wire(Enum? value) => value is null ? null
    : value.GetType().GetField(value.ToString())!.GetCustomAttributes(typeof(System.Runtime.Serialization.EnumMemberAttribute), false)
        .OfType<System.Runtime.Serialization.EnumMemberAttribute>().Single().Value;

// The client's view of a free-form field, written back as JSON with Kiota's own serializer.
static async Task<JsonNode?> AsJsonAsync(UntypedNode? node) =>
    node is null ? null : JsonNode.Parse(await KiotaJsonSerializer.SerializeAsStringAsync(node));
