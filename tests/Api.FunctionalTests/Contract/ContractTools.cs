using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantAtlas.Api.FunctionalTests.Contract;

/// <summary>
/// The pinned contract tools (scripts/ensure-node-tools.sh: Spectral, openapi-typescript, openapi-fetch, tsc under
/// tools/node; Kiota from dotnet-tools.json) and the processes the contract tests start. A tool that cannot be
/// installed fails the test: these tests never skip.
/// </summary>
public static class ContractTools
{
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    /// <summary>The repository root (the folder of TenantAtlas.sln).</summary>
    public static string Root { get; } = FindRoot();

    public static string NodeTools => Path.Combine(Root, "tools", "node");

    public static string NodeBin(string tool) => Path.Combine(NodeTools, "node_modules", ".bin", tool);

    /// <summary>Generated clients and documents (gitignored); cached between runs by <see cref="Key"/>.</summary>
    public static string Artifacts(string name)
    {
        var path = Path.Combine(Root, "artifacts", "contract", name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Installs the tools once per test run (a no-op when they are installed).</summary>
    public static Task EnsureInstalledAsync() => Installed.Value;

    /// <summary>NUnit category of the contract tests: they do not touch the database, so tests/run.sh runs them in its first pass only.</summary>
    public const string Category = "Contract";

    private static async Task InstallAsync()
    {
        var stamp = Path.Combine(NodeTools, "node_modules", ".installed-lock.sha256");
        var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(NodeTools, "package-lock.json"))));
        if (File.Exists(NodeBin("spectral")) && File.Exists(stamp)
            && string.Equals((await File.ReadAllTextAsync(stamp)).Trim(), lockHash, StringComparison.OrdinalIgnoreCase))
        {
            return; // installed by tests/run.sh (scripts/ensure-node-tools.sh) for this lock file
        }

        var result = await RunAsync("bash", [Path.Combine(Root, "scripts", "ensure-node-tools.sh")], Root, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0 || !File.Exists(NodeBin("spectral")))
        {
            Assert.Fail($"The contract tools could not be installed (scripts/ensure-node-tools.sh exited {result.ExitCode}):\n{result.Output}");
        }
    }

    /// <summary>The live document of a host, with its servers (the random test port) removed: the cache key of generated clients.</summary>
    public static string Key(string document, params string[] inputs)
    {
        var json = JsonNode.Parse(document)!.AsObject();
        json.Remove("servers");
        var text = new StringBuilder(json.ToJsonString());
        foreach (var input in inputs)
        {
            text.Append('\n').Append(File.ReadAllText(input));
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => $"{StandardOutput}\n{StandardError}".Trim();

        /// <summary>The last line of standard output as JSON (the client flows print one object).</summary>
        public JsonObject LastJson()
        {
            var line = StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            Assert.That(ExitCode, Is.Zero, Output);
            Assert.That(line, Is.Not.Null.And.StartsWith("{"), Output);
            return JsonNode.Parse(line!)!.AsObject();
        }
    }

    /// <summary>Runs a process to its end (killed after <paramref name="timeout"/>); MSBuild variables of the test host are not inherited.</summary>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, string directory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ProcessResult(-1, await stdout, $"{await stderr}\n{file} timed out after {timeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantAtlas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TenantAtlas.sln not found above " + AppContext.BaseDirectory);
    }
}
