using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TenantAtlas.Architecture.Tests.Deploy;

/// <summary>
/// Issue 18 item 5: deploy/ as shipped. The compose file is validated with Debian's docker-compose (1.x, the
/// client tests/run.sh installs; no engine is needed for `config`); the Dockerfiles and .dockerignore are read.
/// </summary>
public sealed class DeployFilesTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Compose = Path.Combine(Root, "deploy", "docker-compose.yml");
    private static readonly string ExampleEnv = Path.Combine(Root, "deploy", ".env.example");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TenantAtlas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TenantAtlas.sln not found above the test binaries.");
    }

    private static async Task<(int ExitCode, string Output, string Error)> ComposeConfigAsync(string envFile)
    {
        var binary = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, "docker-compose")).FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Ignore("docker-compose is not installed (tests/run.sh installs Debian's package).");
        }

        var start = new ProcessStartInfo(binary!) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var arg in new[] { "--env-file", envFile, "-f", Compose, "config" })
        {
            start.ArgumentList.Add(arg);
        }

        // Only the env file may supply the secrets.
        foreach (var name in new[] { "MSSQL_SA_PASSWORD", "APP_DB_USER", "APP_DB_PASSWORD", "RABBITMQ_USER", "RABBITMQ_PASSWORD", "GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET", "AUTH_AUTHORITY", "AUTH_AUDIENCE" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>A service's block of the normalized `config` output (services at two spaces of indentation).</summary>
    private static string Service(string config, string name)
    {
        var match = Regex.Match(config, $@"(?ms)^  {Regex.Escape(name)}:\n(.*?)(?=^  \S|^\S)");
        Assert.That(match.Success, Is.True, $"service {name} in:\n{config}");
        return match.Groups[1].Value;
    }

    [Test]
    public async Task Compose_file_is_valid_for_debians_docker_compose_with_the_example_env_file()
    {
        var (exitCode, config, error) = await ComposeConfigAsync(ExampleEnv);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(File.ReadAllText(Compose), Does.Not.Match(@"(?m)^name:"), "Debian's docker-compose rejects a top-level name");
        foreach (var app in new[] { "api", "worker" })
        {
            var service = Service(config, app);
            Assert.That(service, Does.Contain("restart: unless-stopped"), app);
            Assert.That(service, Does.Contain("healthcheck:").And.Contain("/health/ready"), app);
            Assert.That(service, Does.Contain("service_completed_successfully"), $"{app} waits for the migration");
            Assert.That(service, Does.Contain("User\n        Id=tenantatlas_app").Or.Contain("User Id=tenantatlas_app"), $"{app} uses the application login");
            Assert.That(service, Does.Not.Contain("Id=sa;"), $"{app} never connects as sa");
            Assert.That(service, Does.Not.Contain("guest"), $"{app} does not use RabbitMQ's guest account");
            Assert.That(service, Does.Contain("Database__MigrateOnStartup: \"false\""), app);
        }

        Assert.That(Service(config, "migrate"), Does.Contain("restart: 'no'").Or.Contain("restart: \"no\"").Or.Contain("restart: no"));
        var rabbit = Service(config, "rabbitmq");
        Assert.That(rabbit, Does.Contain("RABBITMQ_DEFAULT_USER: tenantatlas"));
        Assert.That(rabbit, Does.Not.Contain("ports:"), "no broker or management port published by default");
    }

    [Test]
    public async Task Compose_refuses_to_start_without_secrets_naming_the_missing_variable()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var (exitCode, _, error) = await ComposeConfigAsync(empty);

            Assert.That(exitCode, Is.Not.EqualTo(0));
            Assert.That(error, Does.Match("(MSSQL_SA_PASSWORD|APP_DB_USER|APP_DB_PASSWORD|RABBITMQ_USER|RABBITMQ_PASSWORD|GRAPH_CLIENT_ID|GRAPH_CLIENT_SECRET|AUTH_AUTHORITY|AUTH_AUDIENCE)"));
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Test]
    public void Secrets_file_is_ignored_by_git_and_docker_and_only_the_example_is_committed()
    {
        Assert.That(File.ReadAllLines(Path.Combine(Root, ".gitignore")), Does.Contain("deploy/.env"));
        var dockerignore = File.ReadAllLines(Path.Combine(Root, ".dockerignore"));
        Assert.That(dockerignore, Does.Contain("deploy/.env").And.Contain("**/bin/").And.Contain("**/obj/").And.Contain("**/*.db"));
        Assert.That(File.Exists(ExampleEnv), Is.True);
    }

    [TestCase("Dockerfile.api", "app")]
    [TestCase("Dockerfile.worker", "app")]
    [TestCase("Dockerfile.migrate", "mssql")]
    public void Image_runs_as_an_unprivileged_user_in_its_final_stage(string dockerfile, string user)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "deploy", dockerfile));
        var finalStage = lines.Skip(Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        Assert.That(finalStage.Where(l => l.StartsWith("USER ", StringComparison.Ordinal)).LastOrDefault(), Is.EqualTo($"USER {user}"));
    }
}
