using System.Net;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Tenants;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Tenants;

public sealed class TenantOnboardingTests : ApiTestFixture
{
    protected override ApiFactory CreateFactory() => new ApiFactory().With("Graph:Profiles:gcc:ClientId", "44444444-aaaa-4bbb-8ccc-000000000004");

    protected override bool ResetDatabaseBeforeEachTest => false;

    [Test]
    public async Task Msp_admin_onboards_a_tenant_and_becomes_its_owner()
    {
        var admin = ClientFor("msp-admin", mspAdmin: true);
        var entra = Guid.NewGuid();
        var created = await (await admin.PostJsonAsync("/api/v1/tenants", new { name = "Northwind", entraTenantId = entra }))
            .ReadAsync<TenantDto>(HttpStatusCode.Created);
        Assert.That(created.Role, Is.EqualTo(TenantRole.Owner));
        Assert.That(created.EntraTenantId, Is.EqualTo(entra));

        var mine = (await (await admin.GetAsync("/api/v1/tenants")).ReadAsync<PagedResult<TenantDto>>(HttpStatusCode.OK)).Items;
        Assert.That(mine.Select(t => t.Id), Does.Contain(created.Id));
        var one = await (await admin.GetAsync($"/api/v1/tenants/{created.Id}")).ReadAsync<TenantDto>(HttpStatusCode.OK);
        Assert.That(one.Name, Is.EqualTo("Northwind"));
    }

    [Test]
    public async Task A_user_without_the_msp_admin_role_cannot_onboard()
    {
        var response = await ClientFor("plain-user").PostJsonAsync("/api/v1/tenants", new { name = "X", entraTenantId = Guid.NewGuid() });
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Onboarding_the_same_entra_tenant_twice_is_a_conflict()
    {
        var admin = ClientFor("msp-admin-2", mspAdmin: true);
        var entra = Guid.NewGuid();
        await (await admin.PostJsonAsync("/api/v1/tenants", new { name = "A", entraTenantId = entra })).ReadAsync<TenantDto>(HttpStatusCode.Created);
        var problem = await (await admin.PostJsonAsync("/api/v1/tenants", new { name = "B", entraTenantId = entra })).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("tenant.exists"));
    }

    [Test]
    public async Task A_graph_profile_is_accepted_only_when_it_is_configured()
    {
        var admin = ClientFor("msp-admin-profiles", mspAdmin: true);

        var configured = await (await admin.PostJsonAsync("/api/v1/tenants", new { name = "Gov", entraTenantId = Guid.NewGuid(), graphProfile = "gcc" }))
            .ReadAsync<TenantDto>(HttpStatusCode.Created);
        var problem = await (await admin.PostJsonAsync("/api/v1/tenants", new { name = "Typo", entraTenantId = Guid.NewGuid(), graphProfile = "gc" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(configured.GraphProfile, Is.EqualTo("gcc"));
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        Assert.That(problem["errors"]!["graphProfile"]!.ToJsonString(), Does.Contain("Graph:Profiles"));
    }

    [Test]
    public async Task Missing_fields_are_listed_in_a_validation_problem()
    {
        var admin = ClientFor("msp-admin-3", mspAdmin: true);
        var problem = await (await admin.PostJsonAsync("/api/v1/tenants", new { name = "" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        Assert.That(problem["errors"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "name", "entraTenantId" }));
    }

    [Test]
    public async Task A_user_lists_only_tenants_they_are_a_member_of()
    {
        var mine = await CreateTenantAsync("Mine");
        await CreateTenantAsync("NotMine");
        await AddMemberAsync(mine.Id, "member-only", TenantRole.Reader);
        var list = (await (await ClientFor("member-only").GetAsync("/api/v1/tenants")).ReadAsync<PagedResult<TenantDto>>(HttpStatusCode.OK)).Items;
        Assert.That(list.Select(t => t.Name), Is.EqualTo(new[] { "Mine" }));
        Assert.That(list[0].Role, Is.EqualTo(TenantRole.Reader));
    }
}
