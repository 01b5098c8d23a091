using System.Net;
using System.Text.Json.Nodes;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.OpenApi;

namespace TenantAtlas.Api.FunctionalTests.Contract;

/// <summary>
/// Issue 17 item 1: the live OpenAPI document of the embedded host passes the project's Spectral ruleset
/// (.spectral.yaml: spectral:oas plus our contract rules) with 0 errors and 0 warnings.
/// </summary>
[Category(ContractTools.Category)]
public sealed class OpenApiSpectralTests : ApiTestFixture
{
    private string document = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        var response = await Factory.CreateClient().GetAsync(OpenApiSetup.DocumentPath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        document = await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task Spectral_finds_no_error_and_no_warning_in_the_live_document()
    {
        await ContractTools.EnsureInstalledAsync();
        var folder = ContractTools.Artifacts("spectral");
        var documentPath = Path.Combine(folder, "openapi.json");
        var resultPath = Path.Combine(folder, "spectral-result.json");
        await File.WriteAllTextAsync(documentPath, document);
        File.Delete(resultPath);

        var run = await ContractTools.RunAsync(ContractTools.NodeBin("spectral"),
            ["lint", "--ruleset", Path.Combine(ContractTools.Root, ".spectral.yaml"), "--format", "json", "--output", resultPath, "--fail-severity", "hint", documentPath],
            ContractTools.Root, TimeSpan.FromMinutes(2));

        Assert.That(File.Exists(resultPath), Is.True, $"spectral wrote no result (exit {run.ExitCode}):\n{run.Output}");
        var results = JsonNode.Parse(await File.ReadAllTextAsync(resultPath))!.AsArray();
        var described = results.Select(r => $"{r!["code"]} at {string.Join('.', r["path"]!.AsArray().Select(p => p!.ToString()))}: {r["message"]}");
        Assert.That(results, Is.Empty, string.Join('\n', described));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
    }

    [Test]
    public void Every_operation_has_the_stable_operation_id_of_the_table()
    {
        var paths = JsonNode.Parse(document)!["paths"]!.AsObject();
        var ids = paths.SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]?.GetValue<string>())).ToList();

        Assert.That(ids, Has.Count.EqualTo(OperationIds.ByRoute.Count), "an endpoint is missing from OperationIds.ByRoute (or one was removed)");
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.EquivalentTo(OperationIds.ByRoute.Values));
    }

    [Test]
    public void Free_form_json_fields_are_open_schemas_and_answers_list_every_property_as_required()
    {
        var schemas = JsonNode.Parse(document)!["components"]!["schemas"]!.AsObject();

        Assert.That(schemas.Select(s => s.Key), Has.None.StartsWith("JsonNode"));
        var version = schemas["PolicyVersionDetailsDto"]!;
        Assert.That(version["properties"]!["payload"]!.AsObject(), Is.Empty, "payload is any JSON ({})");
        Assert.That(schemas["RunItemDto"]!["properties"]!["diff"]!.AsObject(), Is.Empty, "diff is any JSON ({})");
        Assert.That(version["required"]!.AsArray().Select(r => r!.GetValue<string>()),
            Is.EquivalentTo(version["properties"]!.AsObject().Select(p => p.Key)));
        Assert.That(schemas["StartRestoreRunRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "backupSetId", "dryRun" }));
    }

    [Test]
    public void Bearer_and_api_key_are_two_alternative_requirements()
    {
        var security = JsonNode.Parse(document)!["security"]!.AsArray();

        Assert.That(security.Select(s => string.Join(",", s!.AsObject().Select(p => p.Key))), Is.EqualTo(new[] { "Bearer", "ApiKey" }));
    }
}
