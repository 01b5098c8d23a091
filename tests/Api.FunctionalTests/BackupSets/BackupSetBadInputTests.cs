using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.BackupSets;

/// <summary>Issue 6 item 6: bad input is a 400 problem naming what is wrong, and nothing is created.</summary>
public sealed class BackupSetBadInputTests : BackupSetTestFixture
{
    private async Task<System.Text.Json.Nodes.JsonObject> RejectedAsync(string url, object body)
    {
        var response = await OperatorClient().PostJsonAsync(url, body);
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("validation_failed"));
        var (sets, runs) = await Factory.DbAsync(async db => (await db.BackupSets.CountAsync(), await db.Runs.OfType<BulkOperationRun>().CountAsync()));
        Assert.That((sets, runs), Is.EqualTo((0, 0)), "nothing is created");
        return problem;
    }

    [Test]
    public async Task Unknown_policy_ids_are_rejected_naming_them()
    {
        var known = (await AddPoliciesAsync(1))[0];
        var unknown = Guid.NewGuid();

        var problem = await RejectedAsync(BackupSetsUrl, new { name = "Set", policyIds = new[] { known.Id, unknown } });

        var message = problem["errors"]!["policyIds"]![0]!.GetValue<string>();
        Assert.That(message, Does.Contain(unknown.ToString()));
        Assert.That(message, Does.Not.Contain(known.Id.ToString()));
    }

    [Test]
    public async Task Policy_ids_of_another_tenant_are_rejected_naming_them()
    {
        var fabrikam = await TestTenants.CreateAsync(Factory, "Fabrikam");
        var foreign = new Domain.Policies.Policy
        {
            Id = Guid.NewGuid(), TenantId = fabrikam.Id, GraphId = "x", PolicyType = "deviceConfiguration", DisplayName = "Theirs",
            LastSeenAt = DateTimeOffset.UtcNow, CreatedAt = DateTimeOffset.UtcNow,
        };
        await Factory.DbAsync(async db => { db.Policies.Add(foreign); await db.SaveChangesAsync(); });

        var problem = await RejectedAsync(BackupSetsUrl, new { name = "Set", policyIds = new[] { foreign.Id } });

        Assert.That(problem["errors"]!["policyIds"]![0]!.GetValue<string>(), Does.Contain(foreign.Id.ToString()));
    }

    [Test]
    public async Task An_empty_selection_is_rejected()
    {
        var problem = await RejectedAsync(BackupSetsUrl, new { name = "Set", policyIds = Array.Empty<Guid>() });

        Assert.That(problem["errors"]!["policyIds"], Is.Not.Null);
    }

    [Test]
    public async Task All_with_no_synced_policies_is_rejected()
    {
        var problem = await RejectedAsync(BackupSetsUrl, new { name = "Set", all = true });

        Assert.That(problem["errors"]!["all"], Is.Not.Null);
    }

    [Test]
    public async Task Policy_ids_together_with_all_are_rejected()
    {
        var known = (await AddPoliciesAsync(1))[0];

        await RejectedAsync(BackupSetsUrl, new { name = "Set", all = true, policyIds = new[] { known.Id } });
    }

    [Test]
    public async Task A_name_over_200_characters_is_rejected()
    {
        var known = (await AddPoliciesAsync(1))[0];

        var problem = await RejectedAsync(BackupSetsUrl, new { name = new string('n', 201), policyIds = new[] { known.Id } });

        Assert.That(problem["errors"]!["name"], Is.Not.Null);
    }

    [Test]
    public async Task A_blank_name_is_rejected()
    {
        var known = (await AddPoliciesAsync(1))[0];

        var problem = await RejectedAsync(BackupSetsUrl, new { name = "   ", policyIds = new[] { known.Id } });

        Assert.That(problem["errors"]!["name"], Is.Not.Null);
    }

    [Test]
    public async Task An_unknown_policy_type_is_rejected()
    {
        await AddPoliciesAsync(1);

        var problem = await RejectedAsync(BackupSetsUrl, new { name = "Set", all = true, policyTypes = new[] { "firewallRule" } });

        Assert.That(problem["errors"]!["policyTypes"], Is.Not.Null);
    }

    [Test]
    public async Task A_body_that_is_not_json_is_rejected()
    {
        var response = await OperatorClient().PostAsync(BackupSetsUrl, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await Factory.DbAsync(db => db.BackupSets.CountAsync()), Is.Zero);
    }

    [Test]
    public async Task Adding_unknown_or_no_policies_to_a_set_is_rejected_and_starts_nothing()
    {
        var known = (await AddPoliciesAsync(1))[0];
        var set = await CreateSetAsync(new { name = "Set", policyIds = new[] { known.Id } });
        var unknown = Guid.NewGuid();
        var url = $"{BackupSetsUrl}/{set.BackupSet.Id}/policies";

        var unknownResponse = await OperatorClient().PostJsonAsync(url, new { policyIds = new[] { unknown } });
        var emptyResponse = await OperatorClient().PostJsonAsync(url, new { policyIds = Array.Empty<Guid>() });

        var problem = await unknownResponse.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["policyIds"]![0]!.GetValue<string>(), Does.Contain(unknown.ToString()));
        await emptyResponse.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await Factory.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.EqualTo(1), "only the set's own capture run exists");
    }
}
