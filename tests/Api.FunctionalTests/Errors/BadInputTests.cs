using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Errors;

/// <summary>Bad input gets 400/413/415 problem details with a stable code, never 500.</summary>
public sealed class BadInputTests : ApiTestFixture
{
    private Tenant tenant = null!;
    private HttpClient owner = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner));
        owner = ClientFor("owner", mspAdmin: true);
    }

    public static IEnumerable<TestCaseData> Table()
    {
        yield return new TestCaseData("GET", "/api/v1/tenants/not-a-guid/runs", null, null, 400).SetName("Malformed tenant id");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs/not-a-guid", null, null, 400).SetName("Malformed run id");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs?status=Bogus", null, null, 400).SetName("Unknown status enum");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs?kind=Nope", null, null, 400).SetName("Unknown kind enum");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs?pageSize=-1", null, null, 400).SetName("Negative page size");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs?pageSize=100000", null, null, 400).SetName("Huge page size");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs?page=0", null, null, 400).SetName("Page zero");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs?page=abc", null, null, 400).SetName("Non-numeric page");
        yield return new TestCaseData("GET", "/api/v1/tenants/{t}/runs?page=99999999999", null, null, 400).SetName("Page overflowing int");
        yield return new TestCaseData("GET", "/api/v1/me/notifications?pageSize=0", null, null, 400).SetName("Notifications page size zero");
        yield return new TestCaseData("POST", "/api/v1/tenants/{t}/api-keys", "{\"name\":\"x\",\"role\":\"God\"}", "application/json", 400).SetName("Unknown enum in body");
        yield return new TestCaseData("POST", "/api/v1/tenants/{t}/api-keys", "{\"name\":", "application/json", 400).SetName("Malformed JSON");
        yield return new TestCaseData("POST", "/api/v1/tenants/{t}/api-keys", "name=x", "text/plain", 415).SetName("Wrong content type");
        yield return new TestCaseData("POST", "/api/v1/tenants/{t}/api-keys", "{\"name\":\"" + new string('x', 2_000_000) + "\"}", "application/json", 413).SetName("Body over the size limit");
        yield return new TestCaseData("POST", "/api/v1/tenants/{t}/api-keys", "{\"name\":\"" + new string('x', 201) + "\"}", "application/json", 400).SetName("Name too long");
        yield return new TestCaseData("POST", "/api/v1/tenants", "{\"name\":\"x\",\"entraTenantId\":\"nope\"}", "application/json", 400).SetName("Malformed GUID in body");
        yield return new TestCaseData("POST", "/api/v1/tenants", "[]", "application/json", 400).SetName("JSON array instead of object");
    }

    [TestCaseSource(nameof(Table))]
    public async Task Bad_input_gets_a_problem_not_a_500(string method, string url, string? body, string? contentType, int expected)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{t}", tenant.Id.ToString()));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        }

        var response = await owner.SendAsync(request);
        var problem = await response.ReadProblemAsync((HttpStatusCode)expected);
        Assert.That(problem["code"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
        Assert.That(problem.ToJsonString(), Does.Not.Contain("   at ").And.Not.Contain("Exception"));
    }

    [Test]
    public async Task Every_endpoint_with_an_id_parameter_answers_400_to_a_malformed_id()
    {
        var endpoints = Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true && e.RoutePattern.Parameters.Any(p => p.Name != "tenantId" && p.Name.EndsWith("Id", StringComparison.Ordinal)))
            .ToList();
        Assert.That(endpoints, Is.Not.Empty);
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.First() ?? "GET";
            var url = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.Replace("{tenantId}", tenant.Id.ToString()), "\\{[^}]+\\}", "not-a-guid");
            var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
            };
            var response = await owner.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{method} {endpoint.RoutePattern.RawText}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Test]
    public async Task Unknown_route_is_a_problem_404()
    {
        var problem = await (await owner.GetAsync("/api/v1/does-not-exist")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("not_found"));
    }

    [Test]
    public async Task Unhandled_exception_is_a_problem_500_without_message_or_stack()
    {
        var access = new Mock<ITenantAccess>();
        access.Setup(a => a.GetRoleAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("secret-connection-string=Password123"));
        using var broken = Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddScoped(_ => access.Object)));
        var client = broken.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Factory.Tokens.Create("owner"));
        var response = await client.GetAsync($"/api/v1/tenants/{tenant.Id}/runs");
        var problem = await response.ReadProblemAsync(HttpStatusCode.InternalServerError);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("internal_error"));
        var body = problem.ToJsonString();
        Assert.That(body, Does.Not.Contain("Password123").And.Not.Contain("InvalidOperationException").And.Not.Contain(" at "));
    }
}
