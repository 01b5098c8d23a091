using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.ApiKeys;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Tenants;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Security;

public sealed class ApiKeyTests : ApiTestFixture
{
    private Tenant tenant = null!;

    protected override bool ResetDatabaseBeforeEachTest => false;

    protected override async Task SeedAsync() => tenant = await CreateTenantAsync("Contoso", ("owner", TenantRole.Owner));

    private async Task<CreatedApiKeyDto> CreateKeyAsync(TenantRole role)
    {
        var response = await ClientFor("owner").PostJsonAsync($"/api/v1/tenants/{tenant.Id}/api-keys", new { name = "psa", role = role.ToString() });
        return await response.ReadAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
    }

    [Test]
    public async Task Secret_is_shown_once_and_stored_only_as_its_hash()
    {
        var created = await CreateKeyAsync(TenantRole.Reader);
        Assert.That(created.Secret, Does.StartWith("tak_"));
        var stored = await DbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == created.Key.Id));
        Assert.That(stored.KeyHash, Is.EqualTo(ApiKeySecrets.Hash(created.Secret)));
        Assert.That(stored.KeyHash, Does.Not.Contain(created.Secret));

        var listBody = await (await ClientFor("owner").GetAsync($"/api/v1/tenants/{tenant.Id}/api-keys")).Content.ReadAsStringAsync();
        Assert.That(listBody, Does.Contain(created.Key.Id.ToString()).And.Not.Contain(created.Secret));
    }

    [Test]
    public async Task A_key_acts_with_its_role_in_its_own_tenant_only()
    {
        var reader = await CreateKeyAsync(TenantRole.Reader);
        var client = Factory.CreateApiKeyClient(reader.Secret);
        var runs = await client.GetAsync($"/api/v1/tenants/{tenant.Id}/runs");
        await runs.ReadAsync<PagedResult<RunDto>>(HttpStatusCode.OK);
        var start = await client.PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null);
        await start.ReadProblemAsync(HttpStatusCode.Forbidden);

        var other = await CreateTenantAsync("Other");
        await (await client.GetAsync($"/api/v1/tenants/{other.Id}/runs")).ReadProblemAsync(HttpStatusCode.Forbidden);

        var tenants = await (await client.GetAsync("/api/v1/tenants")).ReadAsync<PagedResult<TenantDto>>(HttpStatusCode.OK);
        Assert.That(tenants.Items.Select(t => t.Id), Is.EqualTo(new[] { tenant.Id }));
    }

    [Test]
    public async Task An_operator_key_starts_runs_attributed_to_the_key()
    {
        var key = await CreateKeyAsync(TenantRole.Operator);
        var response = await Factory.CreateApiKeyClient(key.Secret).PostAsync($"/api/v1/tenants/{tenant.Id}/diagnostics/ping", null);
        var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(run.RequestedBy, Is.EqualTo($"apikey:{key.Key.Id}"));
    }

    [Test]
    public async Task A_revoked_key_no_longer_authenticates()
    {
        var key = await CreateKeyAsync(TenantRole.Reader);
        var revoke = await ClientFor("owner").DeleteAsync($"/api/v1/tenants/{tenant.Id}/api-keys/{key.Key.Id}");
        var revoked = await revoke.ReadAsync<ApiKeyDto>(HttpStatusCode.OK);
        Assert.That(revoked.RevokedAt, Is.Not.Null);
        var response = await Factory.CreateApiKeyClient(key.Secret).GetAsync($"/api/v1/tenants/{tenant.Id}/runs");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_api_key_cannot_manage_api_keys_even_as_owner_of_another_tenant()
    {
        var key = await CreateKeyAsync(TenantRole.Operator);
        var response = await Factory.CreateApiKeyClient(key.Secret).PostJsonAsync($"/api/v1/tenants/{tenant.Id}/api-keys", new { name = "x", role = "Owner" });
        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}
