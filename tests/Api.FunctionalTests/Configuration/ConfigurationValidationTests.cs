using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TenantAtlas.Api.FunctionalTests.Configuration;

/// <summary>A missing or malformed setting stops the host at start with a message naming the key.</summary>
public sealed class ConfigurationValidationTests
{
    private static Exception? Start(params (string Key, string? Value)[] settings)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Demo:Enabled", "false");
            b.UseSetting("Graph:BaseUrl", "http://127.0.0.1:9");
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(Path.GetTempPath(), $"cfg-{Guid.NewGuid():N}.db")}");
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });
        try
        {
            _ = factory.Server;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static string Messages(Exception ex)
    {
        var all = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            all.Add(e.Message);
            if (e is AggregateException agg)
            {
                all.AddRange(agg.InnerExceptions.Select(i => i.Message));
            }
        }

        return string.Join(" | ", all);
    }

    [Test]
    public void Unknown_database_provider_stops_the_host_naming_the_setting()
    {
        var ex = Start(("Database:Provider", "Oracle"));
        Assert.That(ex, Is.Not.Null);
        Assert.That(Messages(ex!), Does.Contain("Database:Provider"));
    }

    [Test]
    public void Missing_database_provider_stops_the_host_naming_the_setting()
    {
        var ex = Start(("Database:Provider", ""));
        Assert.That(ex, Is.Not.Null);
        Assert.That(Messages(ex!), Does.Contain("Database:Provider"));
    }

    [Test]
    public void Missing_connection_string_stops_the_host_naming_the_setting()
    {
        var ex = Start(("Database:ConnectionString", ""));
        Assert.That(ex, Is.Not.Null);
        Assert.That(Messages(ex!), Does.Contain("Database:ConnectionString"));
    }

    [Test]
    public void Unknown_transport_stops_the_host_naming_the_setting()
    {
        var ex = Start(("Messaging:Transport", "Kafka"));
        Assert.That(ex, Is.Not.Null);
        Assert.That(Messages(ex!), Does.Contain("Messaging:Transport"));
    }

    [Test]
    public void Malformed_run_lease_stops_the_host_naming_the_setting()
    {
        var ex = Start(("Runs:Lease", "soon"));
        Assert.That(ex, Is.Not.Null);
        Assert.That(Messages(ex!), Does.Contain("Runs:Lease"));
    }

    [Test]
    public void Missing_graph_auth_mode_stops_the_host_naming_the_setting()
    {
        var ex = Start(("Graph:Auth", ""));
        Assert.That(ex, Is.Not.Null);
        Assert.That(Messages(ex!), Does.Contain("Graph:Auth"));
    }

    [Test]
    public void The_embedded_defaults_start()
    {
        Assert.That(Start(), Is.Null);
    }
}
