using System.Net;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Runs;

/// <summary>Spec T043: run list and view are tenant-scoped; another tenant's runs answer 403, never 404.</summary>
public sealed class RunAuthorizationTenantIsolationTests : ApiTestFixture
{
    private Tenant contoso = null!;
    private Tenant fabrikam = null!;
    private RunDto contosoRun = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync()
    {
        contoso = await CreateTenantAsync("Contoso", ("alice", TenantRole.Operator));
        fabrikam = await CreateTenantAsync("Fabrikam", ("mallory", TenantRole.Owner));
        var response = await ClientFor("alice").PostAsync($"/api/v1/tenants/{contoso.Id}/diagnostics/ping", null);
        contosoRun = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
    }

    [Test]
    public async Task Member_lists_and_views_the_runs_of_its_own_tenant()
    {
        var client = ClientFor("alice");
        var list = await (await client.GetAsync($"/api/v1/tenants/{contoso.Id}/runs")).ReadAsync<PagedResult<RunDto>>(HttpStatusCode.OK);
        Assert.That(list.Items.Select(r => r.Id), Is.EquivalentTo(new[] { contosoRun.Id }));
        var detail = await (await client.GetAsync($"/api/v1/tenants/{contoso.Id}/runs/{contosoRun.Id}")).ReadAsync<RunDetailsDto>(HttpStatusCode.OK);
        Assert.That(detail.Run.Id, Is.EqualTo(contosoRun.Id));
    }

    [Test]
    public async Task Listing_another_tenants_runs_is_forbidden()
    {
        var response = await ClientFor("mallory").GetAsync($"/api/v1/tenants/{contoso.Id}/runs");
        var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("forbidden"));
    }

    [Test]
    public async Task Viewing_another_tenants_run_is_forbidden_not_found()
    {
        var response = await ClientFor("mallory").GetAsync($"/api/v1/tenants/{contoso.Id}/runs/{contosoRun.Id}");
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_run_id_of_another_tenant_under_the_callers_own_tenant_is_not_found()
    {
        var response = await ClientFor("mallory").GetAsync($"/api/v1/tenants/{fabrikam.Id}/runs/{contosoRun.Id}");
        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_tenant_that_does_not_exist_is_forbidden_too()
    {
        var response = await ClientFor("alice").GetAsync($"/api/v1/tenants/{Guid.NewGuid()}/runs/{Guid.NewGuid()}");
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Cancelling_another_tenants_run_is_forbidden_and_changes_nothing()
    {
        var response = await ClientFor("mallory").PostAsync($"/api/v1/tenants/{contoso.Id}/runs/{contosoRun.Id}/cancel", null);
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        var status = await DbAsync(db => Task.FromResult(db.Runs.OfType<BulkOperationRun>().Single(r => r.Id == contosoRun.Id).Status));
        Assert.That(status, Is.EqualTo(TenantAtlas.Domain.Runs.RunStatus.Queued));
    }
}
