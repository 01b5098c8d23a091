using System.Net;
using Microsoft.AspNetCore.Hosting;
using TenantAtlas.Api.FunctionalTests.Infrastructure;

namespace TenantAtlas.Api.FunctionalTests.Operations;

/// <summary>Issue 18 item 5: Swagger and /dev/progress are off in Production unless Api:ExposeDocs=true.</summary>
public sealed class DocsExposureTests
{
    private static async Task<(HttpStatusCode Swagger, HttpStatusCode SwaggerUi, HttpStatusCode DevPage)> ProbeAsync(string environment, string? exposeDocs)
    {
        using var factory = new ApiFactory().With(WebHostDefaults.EnvironmentKey, environment);
        if (exposeDocs is not null)
        {
            factory.With("Api:ExposeDocs", exposeDocs);
        }

        using var client = factory.CreateClient();
        return ((await client.GetAsync("/swagger/v1/swagger.json")).StatusCode,
            (await client.GetAsync("/swagger/index.html")).StatusCode,
            (await client.GetAsync("/dev/progress")).StatusCode);
    }

    [Test]
    public async Task Docs_and_dev_page_are_not_served_in_production_by_default()
    {
        var (swagger, ui, dev) = await ProbeAsync("Production", exposeDocs: null);

        Assert.That(new[] { swagger, ui, dev }, Is.All.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Docs_and_dev_page_are_served_in_production_when_Api_ExposeDocs_is_true()
    {
        var (swagger, ui, dev) = await ProbeAsync("Production", exposeDocs: "true");

        Assert.That(new[] { swagger, ui, dev }, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Docs_are_served_in_development_and_can_be_turned_off_there()
    {
        var (swagger, _, dev) = await ProbeAsync("Development", exposeDocs: null);
        var (swaggerOff, _, devOff) = await ProbeAsync("Development", exposeDocs: "false");

        Assert.That(new[] { swagger, dev }, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(new[] { swaggerOff, devOff }, Is.All.EqualTo(HttpStatusCode.NotFound));
    }
}
