using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TenantAtlas.Infrastructure.Graph;

namespace TenantAtlas.Infrastructure.IntegrationTests.Graph;

public class GraphOptionsTests
{
    [TestCase(null, null, null, "Graph:Auth")]
    [TestCase("ClientSecret", "app-id", null, "Graph:ClientSecret")]
    [TestCase("ClientSecret", null, "s", "Graph:ClientId")]
    [TestCase("Certificate", "app-id", null, "Graph:CertificatePath")]
    [TestCase("Emulator", null, null, "Graph:BaseUrl")]
    public async Task Start_fails_naming_the_key_when_a_setting_is_missing(string? auth, string? clientId, string? clientSecret, string expectedKey)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:Auth"] = auth,
            ["Graph:ClientId"] = clientId,
            ["Graph:ClientSecret"] = clientSecret,
        });
        builder.AddGraphGateway();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(exception!.Message, Does.Contain(expectedKey));
    }

    [Test]
    public async Task Start_succeeds_when_client_secret_settings_are_complete()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:Auth"] = "ClientSecret",
            ["Graph:ClientId"] = "app-id",
            ["Graph:ClientSecret"] = "secret",
            ["Graph:RateLimit:RequestsPer20Seconds"] = "500",
        });
        builder.AddGraphGateway();
        using var host = builder.Build();

        await host.StartAsync();

        var options = ((IServiceProvider)host.Services).GetService(typeof(IOptions<GraphOptions>)) as IOptions<GraphOptions>;
        Assert.That(options!.Value.RateLimit.RequestsPer20Seconds, Is.EqualTo(500));
        Assert.That(options.Value.RateLimit.WritesPer20Seconds, Is.EqualTo(100));
        Assert.That(options.Value.BaseUrl, Is.EqualTo("https://graph.microsoft.com"));
        await host.StopAsync();
    }

    [TestCase("ClientSecret", "gcc", "app-id", null, "Graph:Profiles:gcc:ClientSecret")]
    [TestCase("ClientSecret", "gcc", null, "s", "Graph:Profiles:gcc:ClientId")]
    [TestCase("Certificate", "gcc", "app-id", null, "Graph:Profiles:gcc:CertificatePath")]
    [TestCase("ClientSecret", "default", "app-id", "s", "Graph:Profiles:default")]
    public async Task Start_fails_naming_the_profile_key_when_a_profile_is_incomplete(string auth, string profile, string? clientId, string? clientSecret, string expectedKey)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        using var certificate = LocalTokenAuthority.CreateCertificate("CN=default profile", serverAuth: false);
        var path = Path.Combine(Path.GetTempPath(), $"tenantatlas-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx));
        try
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Graph:Auth"] = auth,
                ["Graph:ClientId"] = "default-app",
                ["Graph:ClientSecret"] = "default-secret",
                ["Graph:CertificatePath"] = path,
                [$"Graph:Profiles:{profile}:ClientId"] = clientId,
                [$"Graph:Profiles:{profile}:ClientSecret"] = clientSecret,
            });
            builder.AddGraphGateway();
            using var host = builder.Build();

            var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

            Assert.That(exception!.Message, Does.Contain(expectedKey));
            Assert.That(exception.Message, Does.Not.Contain("Graph:ClientId is").And.Not.Contain("Graph:CertificatePath is"), "the default profile is complete");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Start_fails_naming_the_key_when_the_authority_host_is_not_https()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:Auth"] = "ClientSecret",
            ["Graph:ClientId"] = "app-id",
            ["Graph:ClientSecret"] = "secret",
            ["Graph:AuthorityHost"] = "http://login.example",
        });
        builder.AddGraphGateway();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(exception!.Message, Does.Contain("Graph:AuthorityHost"));
    }
}
