using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using TenantAtlas.Api.FunctionalTests.Infrastructure;

namespace TenantAtlas.Api.FunctionalTests.Operations;

/// <summary>Issue 18 item 3: the framework's JSON console formatter, with scopes, in Production.</summary>
public sealed class ProductionLoggingTests
{
    private static ConsoleLoggerOptions ConsoleOptions(string environment, out JsonConsoleFormatterOptions json)
    {
        using var factory = new ApiFactory().With(WebHostDefaults.EnvironmentKey, environment);
        _ = factory.Server;
        json = factory.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        return factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
    }

    [Test]
    public void Console_logs_are_json_with_scopes_in_production()
    {
        var console = ConsoleOptions("Production", out var json);

        Assert.That(console.FormatterName, Is.EqualTo(ConsoleFormatterNames.Json));
        Assert.That(json.IncludeScopes, Is.True, "the job scope (RunId, TenantId) and trace ids are written");
        Assert.That(json.UseUtcTimestamp, Is.True);
    }

    [Test]
    public void Console_logs_stay_plain_text_in_development()
    {
        var console = ConsoleOptions("Development", out _);

        Assert.That(console.FormatterName, Is.Not.EqualTo(ConsoleFormatterNames.Json));
    }
}
