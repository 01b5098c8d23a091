using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TenantAtlas.Api.FunctionalTests.Capture;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Domain.Runs;
using TenantAtlas.GraphEmulator;

namespace TenantAtlas.Api.FunctionalTests.Policies;

/// <summary>
/// Spec T016: a Graph error that carries a token and a client secret is stored and shown only through the
/// sanitizer: neither secret reaches any database column, any API response, any notification or the logs.
/// </summary>
public sealed class PolicyCaptureSafeFailureTests : CaptureTestFixture
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIiwidGlkIjoiY29udG9zbyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";
    private const string ClientSecret = "Zx8Q~planted.client.secret-4f7a9c";

    private readonly CapturingLoggerProvider logs = new();

    protected override ApiFactory CreateFactory() => new LoggingApiFactory(Emulator, logs);

    private sealed class LoggingApiFactory(GraphEmulatorServer emulator, ILoggerProvider logs) : ApiFactory(hostConsumers: false, emulator)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton(logs));
        }
    }

    [Test]
    public async Task Planted_token_and_secret_appear_in_no_column_response_notification_or_log()
    {
        var (policy, _) = await AddPolicyAsync(DeviceConfigurations, DeviceConfiguration("Windows baseline"));
        Graph.Faults.AddScriptedFailure(new ScriptedFailure(403, "Forbidden",
            $"Access denied. Authorization: Bearer {Jwt} client_secret={ClientSecret} password={ClientSecret}")
        {
            ObjectId = policy.GraphId,
        });
        var client = OperatorClient();
        var run = await StartAsync($"{TenantUrl}/policies/{policy.Id}/snapshots", client: client);

        await ExecuteRunAsync(run.Id, CancellationToken.None);

        var item = (await RunItemsAsync(run.Id)).Single();
        Assert.That(item.Status, Is.EqualTo(RunItemStatus.Failed), "the failure itself is recorded");
        Assert.That(item.ErrorCode, Is.EqualTo(GraphErrorCodes.Forbidden));

        var columns = await AllStoredTextAsync();
        Assert.That(columns.Any(v => v.Contains("Access denied", StringComparison.Ordinal)), Is.True, "the sanitized message is stored (the search looks at real data)");
        AssertNoSecret(columns, "database");

        var responses = new List<string>
        {
            await client.GetStringAsync($"{TenantUrl}/runs/{run.Id}"),
            await client.GetStringAsync($"{TenantUrl}/runs"),
            await client.GetStringAsync("/api/v1/me/notifications"),
            await client.GetStringAsync($"{TenantUrl}/policies/{policy.Id}"),
        };
        Assert.That(responses[0], Does.Contain(GraphErrorCodes.Forbidden));
        AssertNoSecret(responses, "API responses");
        AssertNoSecret(logs.Messages, "logs");
    }

    private static void AssertNoSecret(IEnumerable<string> values, string where)
    {
        var list = values.ToList();
        foreach (var secret in new[] { Jwt, ClientSecret, Jwt[..30] })
        {
            Assert.That(list.Where(v => v.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"a secret reached the {where}");
        }
    }

    /// <summary>Every text value of every table of the Api's database (whichever provider the run uses).</summary>
    private Task<List<string>> AllStoredTextAsync() => Factory.DbAsync(async db =>
    {
        var values = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().ToList();
        Assert.That(tables, Has.Count.GreaterThan(5), "the model names the tables");

        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string s)
                    {
                        values.Add(s);
                    }
                }
            }
        }

        return values;
    });

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> messages = new();

        public IEnumerable<string> Messages => messages;

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(messages);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue($"{formatter(state, exception)} {exception}");
        }
    }
}
