using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Tenants;

/// <summary>
/// Issue 22 item 9: Owners (and MSP administrators, for any tenant) list, set and remove tenant members; the
/// last Owner can be neither removed nor demoted (409 member.last_owner); every change is an audit row.
/// </summary>
public sealed class TenantMembersTests : ApiTestFixture
{
    private Tenant tenant = null!;
    private User owner = null!;

    protected override async Task SeedAsync()
    {
        tenant = await CreateTenantAsync();
        owner = await AddMemberAsync(tenant.Id, "owner", TenantRole.Owner);
    }

    private string Members => $"/api/v1/tenants/{tenant.Id}/members";

    private static StringContent Role(string role) => new($"{{\"role\":\"{role}\"}}", Encoding.UTF8, "application/json");

    private Task<List<(string Action, string? TargetId, string? Metadata, string Actor)>> AuditAsync() => DbAsync(async db =>
        (await db.AuditLogs.AsNoTracking().Where(a => a.TenantId == tenant.Id).OrderBy(a => a.OccurredAt).ThenBy(a => a.Id).ToListAsync())
        .Select(a => (a.Action, a.TargetId, a.Metadata, a.Actor)).ToList());

    [Test]
    public async Task An_owner_adds_changes_lists_and_removes_a_member_and_every_change_is_audited()
    {
        var client = ClientFor("owner");
        var user = await CreateUserAsync("newcomer");

        var added = await (await client.PutAsync($"{Members}/{user.Id}", Role("Reader"))).ReadAsync<JsonObject>(HttpStatusCode.Created);
        Assert.That(added["role"]!.GetValue<string>(), Is.EqualTo("Reader"));
        Assert.That(added["userId"]!.GetValue<Guid>(), Is.EqualTo(user.Id));

        var changed = await (await client.PutAsync($"{Members}/{user.Id}", Role("Operator"))).ReadAsync<JsonObject>(HttpStatusCode.OK);
        Assert.That(changed["role"]!.GetValue<string>(), Is.EqualTo("Operator"));
        await (await client.PutAsync($"{Members}/{user.Id}", Role("Operator"))).ReadAsync<JsonObject>(HttpStatusCode.OK);

        var list = (await (await client.GetAsync(Members)).ReadAsync<JsonObject>(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.That(list.Select(m => (m!["subject"]!.GetValue<string>(), m["role"]!.GetValue<string>())),
            Is.EquivalentTo(new[] { ("owner", "Owner"), ("newcomer", "Operator") }));
        var one = await (await client.GetAsync($"{Members}/{user.Id}")).ReadAsync<JsonObject>(HttpStatusCode.OK);
        Assert.That(one["role"]!.GetValue<string>(), Is.EqualTo("Operator"));

        var asMember = ClientFor("newcomer");
        Assert.That((await asMember.GetAsync($"/api/v1/tenants/{tenant.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await client.DeleteAsync($"{Members}/{user.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await client.DeleteAsync($"{Members}/{user.Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{Members}/{user.Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await asMember.GetAsync($"/api/v1/tenants/{tenant.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a removed member loses access");

        var audit = await AuditAsync();
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "member.added", "member.role_changed", "member.removed" }), "one row per change; an unchanged PUT is no change");
        Assert.That(audit.All(a => a.TargetId == user.Id.ToString() && a.Actor == $"user:{owner.Id}"), Is.True);
        var roleChange = JsonNode.Parse(audit[1].Metadata!)!;
        Assert.That(roleChange["role"]!.GetValue<string>(), Is.EqualTo("Operator"));
        Assert.That(roleChange["previousRole"]!.GetValue<string>(), Is.EqualTo("Reader"));
    }

    [Test]
    public async Task The_last_owner_can_be_neither_removed_nor_demoted()
    {
        var client = ClientFor("owner");
        var removed = await (await client.DeleteAsync($"{Members}/{owner.Id}")).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(removed["code"]!.GetValue<string>(), Is.EqualTo("member.last_owner"));
        var demoted = await (await client.PutAsync($"{Members}/{owner.Id}", Role("Operator"))).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(demoted["code"]!.GetValue<string>(), Is.EqualTo("member.last_owner"));
        Assert.That(await DbAsync(db => db.TenantMemberships.Where(m => m.UserId == owner.Id).Select(m => m.Role).SingleAsync()), Is.EqualTo(TenantRole.Owner));
        Assert.That(await AuditAsync(), Is.Empty, "a refused change is not audited");

        // With a second Owner, the first may step down, and then the second is the last one.
        var second = await AddMemberAsync(tenant.Id, "second-owner", TenantRole.Owner);
        await (await client.PutAsync($"{Members}/{owner.Id}", Role("Reader"))).ReadAsync<JsonObject>(HttpStatusCode.OK);
        var secondClient = ClientFor("second-owner");
        var last = await (await secondClient.DeleteAsync($"{Members}/{second.Id}")).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(last["code"]!.GetValue<string>(), Is.EqualTo("member.last_owner"));
        Assert.That((await secondClient.DeleteAsync($"{Members}/{owner.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task An_msp_admin_manages_the_members_of_a_tenant_it_is_not_a_member_of()
    {
        var admin = ClientFor("msp-admin", mspAdmin: true);
        var user = await CreateUserAsync("helpdesk");
        await (await admin.PutAsync($"{Members}/{user.Id}", Role("Owner"))).ReadAsync<JsonObject>(HttpStatusCode.Created);
        var list = (await (await admin.GetAsync(Members)).ReadAsync<JsonObject>(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.That(list, Has.Count.EqualTo(2));
        var adminId = await DbAsync(db => db.Users.Where(u => u.Subject == "msp-admin").Select(u => u.Id).SingleAsync());
        Assert.That((await AuditAsync()).Single().Actor, Is.EqualTo($"user:{adminId}"));
        Assert.That((await admin.GetAsync($"/api/v1/tenants/{tenant.Id}/api-keys")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden),
            "the MSP exception covers member management only");
        await (await admin.GetAsync($"/api/v1/tenants/{Guid.NewGuid()}/members")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsync($"/api/v1/tenants/{Guid.NewGuid()}/members/{user.Id}", Role("Reader"))).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [TestCase("{\"role\":\"Reader, Owner\"}", 400)]
    [TestCase("{\"role\":3}", 400)]
    [TestCase("{\"role\":null}", 400)]
    [TestCase("{}", 400)]
    public async Task A_bad_role_is_400(string body, int expected)
    {
        var user = await CreateUserAsync("someone");
        var response = await ClientFor("owner").PutAsync($"{Members}/{user.Id}", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.ReadProblemAsync((HttpStatusCode)expected);
        Assert.That(await DbAsync(db => db.TenantMemberships.CountAsync(m => m.UserId == user.Id)), Is.EqualTo(0));
    }

    [Test]
    public async Task An_unknown_user_is_404()
    {
        var problem = await (await ClientFor("owner").PutAsync($"{Members}/{Guid.NewGuid()}", Role("Reader"))).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("not_found"));
    }
}
