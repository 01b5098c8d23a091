using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Api.OpenApi;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Contract;

/// <summary>
/// Issue 17 item 2: clients generated from the live document (Kiota C#, and openapi-typescript + openapi-fetch),
/// compiled, run the main flow against a real Kestrel host with in-process workers and the Graph emulator:
/// list tenants, sync, back up, poll to the end, read an item's payload, preview, read the diffs, read a
/// problem's code. What each client read is compared with the API's raw JSON. Generated code is never edited;
/// generation and compilation are cached under artifacts/contract and tools/node/out (gitignored), keyed by the
/// document and the flow sources.
/// </summary>
[Category(ContractTools.Category)]
public sealed class GeneratedClientTests : ApiTestFixture
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromMinutes(2);
    private static string Sources => Path.Combine(ContractTools.Root, "tests", "Api.FunctionalTests", "Contract", "Clients");

    private Uri baseAddress = null!;
    private string document = null!;

    protected override bool UsesEmulator => true;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override ApiFactory CreateFactory()
    {
        var factory = new ApiFactory(hostConsumers: true, Emulator);
        factory.UseKestrel(0);
        factory.StartServer();
        baseAddress = factory.CreateClient().BaseAddress!;
        return factory;
    }

    protected override async Task SeedAsync()
    {
        var response = await Factory.CreateClient().GetAsync(OpenApiSetup.DocumentPath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        document = await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task The_kiota_csharp_client_runs_the_main_flow_with_payloads_diffs_and_problem_codes_intact()
    {
        await ContractTools.EnsureInstalledAsync();
        var dll = await BuildCSharpClientAsync();
        await RunFlowAsync("kiota", phase => ContractTools.RunAsync("dotnet", [dll, .. phase], ContractTools.Root, FlowTimeout));
    }

    [Test]
    public async Task The_typescript_client_runs_the_main_flow_with_payloads_diffs_and_problem_codes_intact()
    {
        await ContractTools.EnsureInstalledAsync();
        var script = await BuildTypeScriptClientAsync();
        await RunFlowAsync("typescript", phase => ContractTools.RunAsync("node", [script, .. phase], Path.GetDirectoryName(script)!, FlowTimeout));
    }

    /// <summary>Kiota C# client plus the flow program, built once per document (artifacts/contract/csharp).</summary>
    private async Task<string> BuildCSharpClientAsync()
    {
        var folder = ContractTools.Artifacts("csharp");
        var source = Path.Combine(Sources, "csharp");
        var dll = Path.Combine(folder, "out", "Flow.dll");
        var keyFile = Path.Combine(folder, ".key");
        var key = ContractTools.Key(document, Path.Combine(source, "Program.cs"), Path.Combine(source, "Flow.csproj.template"), Path.Combine(ContractTools.Root, "dotnet-tools.json"));
        if (File.Exists(dll) && File.Exists(keyFile) && await File.ReadAllTextAsync(keyFile) == key)
        {
            return dll;
        }

        File.Delete(keyFile);
        var documentPath = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(documentPath, document);
        var generate = await ContractTools.RunAsync("dotnet",
            ["tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", documentPath, "--output", Path.Combine(folder, "Client"),
             "--class-name", "TenantAtlasClient", "--namespace-name", "TenantAtlas.Client", "--exclude-backward-compatible", "--clean-output", "--log-level", "Error"],
            ContractTools.Root, BuildTimeout, new Dictionary<string, string> { ["KIOTA_TUTORIAL_ENABLED"] = "false", ["KIOTA_OFFLINE_ENABLED"] = "true" });
        Assert.That(generate.ExitCode, Is.Zero, "kiota generate failed:\n" + generate.Output);

        File.Copy(Path.Combine(source, "Program.cs"), Path.Combine(folder, "Program.cs"), overwrite: true);
        File.Copy(Path.Combine(source, "Flow.csproj.template"), Path.Combine(folder, "Flow.csproj"), overwrite: true);
        // Stops the repository's Directory.Build.props and central package management at this folder.
        await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        var build = await ContractTools.RunAsync("dotnet", ["build", "Flow.csproj", "-c", "Release", "-o", "out", "-nologo", "-v", "q"], folder, BuildTimeout);
        Assert.That(build.ExitCode, Is.Zero, "the Kiota client did not compile:\n" + build.Output);
        await File.WriteAllTextAsync(keyFile, key);
        return dll;
    }

    /// <summary>openapi-typescript types plus the flow, compiled with the pinned tsc (tools/node/out/ts-client).</summary>
    private async Task<string> BuildTypeScriptClientAsync()
    {
        var folder = Path.Combine(ContractTools.NodeTools, "out", "ts-client");
        Directory.CreateDirectory(folder);
        var source = Path.Combine(Sources, "typescript");
        var script = Path.Combine(folder, "dist", "flow.js");
        var keyFile = Path.Combine(folder, ".key");
        var key = ContractTools.Key(document, Path.Combine(source, "flow.ts"), Path.Combine(source, "tsconfig.json"), Path.Combine(ContractTools.NodeTools, "package-lock.json"));
        if (File.Exists(script) && File.Exists(keyFile) && await File.ReadAllTextAsync(keyFile) == key)
        {
            return script;
        }

        File.Delete(keyFile);
        var documentPath = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(documentPath, document);
        var generate = await ContractTools.RunAsync(ContractTools.NodeBin("openapi-typescript"), [documentPath, "--output", "schema.d.ts"], folder, BuildTimeout);
        Assert.That(generate.ExitCode, Is.Zero, "openapi-typescript failed:\n" + generate.Output);

        File.Copy(Path.Combine(source, "flow.ts"), Path.Combine(folder, "flow.ts"), overwrite: true);
        File.Copy(Path.Combine(source, "tsconfig.json"), Path.Combine(folder, "tsconfig.json"), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), "{ \"private\": true, \"type\": \"module\" }\n");
        var compile = await ContractTools.RunAsync(ContractTools.NodeBin("tsc"), ["-p", "."], folder, BuildTimeout);
        Assert.That(compile.ExitCode, Is.Zero, "the TypeScript client did not compile:\n" + compile.Output);
        await File.WriteAllTextAsync(keyFile, key);
        return script;
    }

    private async Task RunFlowAsync(string language, Func<string[], Task<ContractTools.ProcessResult>> flow)
    {
        var subject = $"client-owner-{language}";
        var name = $"Contoso {language} {Guid.NewGuid():N}"[..30];
        var tenant = await CreateTenantAsync(name, (subject, TenantRole.Owner));
        var graph = Emulator.State.GetOrAddTenant(tenant.EntraTenantId);
        var nested = new JsonObject
        {
            ["omaSettings"] = new JsonArray(
                new JsonObject { ["displayName"] = "Ünïcødé ✓ \"quoted\"", ["value"] = 3, ["enabled"] = false, ["ratio"] = 0.25, ["none"] = null },
                new JsonObject { ["nested"] = new JsonObject { ["deep"] = new JsonArray(1, "two", new JsonObject { ["three"] = true }) } }),
        };
        var alpha = graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Alpha " + language, extra: nested));
        graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Beta " + language));
        var token = Factory.Tokens.Create(subject);
        using var raw = ClientFor(subject);

        var first = (await flow(["1", baseAddress.ToString(), token, name])).LastJson();

        Assert.That(first["tenantId"]!.GetValue<string>(), Is.EqualTo(tenant.Id.ToString()), "listTenants");
        Assert.That(first["syncStatus"]!.GetValue<string>(), Is.EqualTo("Succeeded"), "startPolicySync, polled to the end");
        Assert.That(first["backupOperation"]!.GetValue<string>(), Is.EqualTo("backup_set.capture"));
        Assert.That(first["backupStatus"]!.GetValue<string>(), Is.EqualTo("Succeeded"), "createBackupSet, polled to the end");
        Assert.That(first["itemCount"]!.GetValue<int>(), Is.EqualTo(2));
        var version = JsonNode.Parse(await raw.GetStringAsync(
            $"/api/v1/tenants/{tenant.Id}/policies/{first["policyId"]}/versions/{first["versionNumber"]}"))!;
        var payload = version["payload"]!;
        Assert.That(payload["omaSettings"]?[0]?["displayName"]?.GetValue<string>(), Is.EqualTo("Ünïcødé ✓ \"quoted\""), "the raw payload is the seeded policy (Alpha sorts first)");
        Assert.That(JsonNode.DeepEquals(first["payload"], payload), Is.True,
            $"the client's payload differs from the API's:\nclient: {first["payload"]?.ToJsonString()}\napi:    {payload.ToJsonString()}");

        graph.Update(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(alpha), p => p["passwordMinimumLength"] = 20, touch: true);
        var second = (await flow(["2", baseAddress.ToString(), token, tenant.Id.ToString(), first["backupSetId"]!.GetValue<string>()])).LastJson();

        Assert.That(second["previewOperation"]!.GetValue<string>(), Is.EqualTo("restore.preview"));
        Assert.That(second["previewStatus"]!.GetValue<string>(), Is.EqualTo("Succeeded"), "startRestoreRun (dryRun), polled to the end");
        var details = JsonNode.Parse(await raw.GetStringAsync($"/api/v1/tenants/{tenant.Id}/restore-runs/{second["previewRunId"]}"))!;
        var rawItems = details["items"]!["items"]!.AsArray().ToDictionary(i => i!["itemKey"]!.GetValue<string>());
        var clientItems = second["items"]!.AsArray();
        Assert.That(clientItems.Select(i => i!["itemKey"]!.GetValue<string>()), Is.EquivalentTo(rawItems.Keys));
        foreach (var item in clientItems)
        {
            var rawItem = rawItems[item!["itemKey"]!.GetValue<string>()]!;
            Assert.That(item["action"]?.GetValue<string>(), Is.EqualTo(rawItem["action"]?.GetValue<string>()));
            Assert.That(JsonNode.DeepEquals(item["diff"], rawItem["diff"]), Is.True,
                $"the client's diff differs from the API's:\nclient: {item["diff"]?.ToJsonString()}\napi:    {rawItem["diff"]?.ToJsonString()}");
        }

        var changed = clientItems.Single(i => i!["action"]?.GetValue<string>() == "would_update");
        Assert.That(changed!["diff"]?.ToJsonString(), Does.Contain("passwordMinimumLength"), "the preview's diff names the changed setting");

        Assert.That(second["notFoundStatus"]!.GetValue<int>(), Is.EqualTo(404));
        Assert.That(second["notFoundCode"]!.GetValue<string>(), Is.EqualTo("not_found"), "the problem's code read through the client");
        Assert.That(second["validationStatus"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(second["validationCode"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        Assert.That(second["validationFields"]!.AsArray().Select(f => f!.GetValue<string>()), Does.Contain("dryRun"));
    }
}
