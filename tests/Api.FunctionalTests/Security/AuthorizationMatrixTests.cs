using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.Security;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Security;

/// <summary>
/// Every endpoint under /api/v1, enumerated from the endpoint data source (so a new endpoint without a
/// guard fails here): unauthenticated gets 401; on tenant routes a non-member gets 403 and every role
/// below the endpoint's minimum gets 403.
/// </summary>
public sealed class AuthorizationMatrixTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync("Contoso", ("reader", TenantRole.Reader), ("operator", TenantRole.Operator));
        await CreateTenantAsync("Other", ("outsider", TenantRole.Owner));
    }

    public sealed record ApiEndpoint(string Method, string Pattern, TenantRole? MinimumRole, bool RequiresAuthorization)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    private IReadOnlyList<ApiEndpoint> Endpoints()
    {
        var sources = Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new ApiEndpoint(
                m, e.RoutePattern.RawText!, e.Metadata.GetOrderedMetadata<TenantRoleMetadata>().Select(r => (TenantRole?)r.MinimumRole).Max(),
                e.Metadata.GetMetadata<IAuthorizeData>() is not null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)))
            .ToList();
    }

    private string Url(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.Replace("{tenantId}", tenant.Id.ToString()), "\\{[^}]+\\}", m => m.Value.EndsWith(":int}", StringComparison.Ordinal) ? "1" : Guid.NewGuid().ToString());

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };

    [Test]
    public void The_api_has_endpoints_and_every_tenant_route_declares_a_minimum_role()
    {
        var endpoints = Endpoints();
        Assert.That(endpoints, Has.Count.GreaterThan(5));
        Assert.That(endpoints.Where(e => e.Pattern.Contains("{tenantId}") && e.MinimumRole is null), Is.Empty,
            "a tenant route without RequireTenantRole");
        Assert.That(endpoints.Where(e => !e.RequiresAuthorization), Is.Empty, "an /api/v1 endpoint without authorization");
    }

    [Test]
    public async Task Unauthenticated_callers_get_401_everywhere()
    {
        var client = Factory.CreateClient();
        foreach (var endpoint in Endpoints())
        {
            var response = await client.SendAsync(Request(endpoint.Method, Url(endpoint.Pattern)));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), endpoint.ToString());
        }
    }

    [Test]
    public async Task Non_members_get_403_on_every_tenant_route()
    {
        var client = ClientFor("outsider");
        foreach (var endpoint in Endpoints().Where(e => e.MinimumRole is not null))
        {
            var response = await client.SendAsync(Request(endpoint.Method, Url(endpoint.Pattern)));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), endpoint.ToString());
        }
    }

    [Test]
    public async Task Roles_below_the_minimum_get_403()
    {
        var checkedCount = 0;
        foreach (var endpoint in Endpoints().Where(e => e.MinimumRole is > TenantRole.Reader))
        {
            foreach (var (subject, role) in new[] { ("reader", TenantRole.Reader), ("operator", TenantRole.Operator) })
            {
                if (role >= endpoint.MinimumRole)
                {
                    continue;
                }

                var response = await ClientFor(subject).SendAsync(Request(endpoint.Method, Url(endpoint.Pattern)));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{endpoint} as {role}");
                checkedCount++;
            }
        }

        Assert.That(checkedCount, Is.GreaterThan(0));
    }

    [Test]
    public async Task Member_routes_are_in_the_matrix_as_owner_routes_that_an_msp_admin_may_use_on_any_tenant()
    {
        var members = Endpoints().Where(e => e.Pattern.Contains("/members", StringComparison.Ordinal)).ToList();
        Assert.That(members.Select(e => e.ToString()), Is.EquivalentTo(new[]
        {
            "GET /api/v1/tenants/{tenantId}/members/", "GET /api/v1/tenants/{tenantId}/members/{userId}",
            "PUT /api/v1/tenants/{tenantId}/members/{userId}", "DELETE /api/v1/tenants/{tenantId}/members/{userId}",
        }));
        Assert.That(members.All(e => e.MinimumRole == TenantRole.Owner), Is.True);

        // An MSP administrator without membership passes authorization on member routes (404: the user does not
        // exist) and only there: every other tenant route stays 403.
        var admin = ClientFor("msp-admin", mspAdmin: true);
        foreach (var endpoint in Endpoints().Where(e => e.MinimumRole is not null))
        {
            var response = await admin.SendAsync(Request(endpoint.Method, Url(endpoint.Pattern)));
            if (members.Contains(endpoint))
            {
                Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.Forbidden).And.Not.EqualTo(HttpStatusCode.Unauthorized), endpoint.ToString());
                Assert.That((int)response.StatusCode, Is.LessThan(500), endpoint.ToString());
            }
            else
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), endpoint.ToString());
            }
        }
    }

    [Test]
    public async Task A_revoked_or_unknown_api_key_gets_401()
    {
        var response = await Factory.CreateApiKeyClient("tak_unknown-key-0123456789abcdef").GetAsync($"/api/v1/tenants/{tenant.Id}/runs");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
