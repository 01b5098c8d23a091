using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.FunctionalTests.BackupSets;

/// <summary>Spec T025: "Add selected" in the policy picker queues an add-policies run; nothing is captured inline.</summary>
public sealed class BackupSetPolicyPickerQueuesCaptureTests : BackupSetTestFixture
{
    [Test]
    public async Task Adding_policies_answers_202_and_queues_an_add_policies_run_without_calling_graph()
    {
        var policies = await AddPoliciesAsync(3);
        var set = await CreateSetAsync(new { name = "Picker", policyIds = new[] { policies[0].Id } });
        Emulator.State.ClearRequestLog();

        var response = await OperatorClient().PostJsonAsync($"{BackupSetsUrl}/{set.BackupSet.Id}/policies", new { policyIds = new[] { policies[1].Id, policies[2].Id } });

        var run = await response.ReadAsync<RunDto>(HttpStatusCode.Accepted);
        Assert.That(run.Operation, Is.EqualTo(RunOperations.BackupSetAddPolicies));
        Assert.That(run.TargetId, Is.EqualTo(set.BackupSet.Id));
        Assert.That(run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"{TenantUrl}/runs/{run.Id}"));
        Assert.That(WasPublished<AddPoliciesToBackupSet>(run.Id), Is.True);
        Assert.That(GraphRequests(), Is.Empty);
        Assert.That(await Factory.DbAsync(db => db.BackupItems.CountAsync()), Is.Zero);
    }

    [Test]
    public async Task The_same_selection_while_its_run_is_active_reuses_it_and_another_selection_does_not()
    {
        var policies = await AddPoliciesAsync(3);
        var set = await CreateSetAsync(new { name = "Picker", policyIds = new[] { policies[0].Id } });
        var url = $"{BackupSetsUrl}/{set.BackupSet.Id}/policies";

        var first = await StartAsync(url, new { policyIds = new[] { policies[1].Id, policies[2].Id } });
        var same = await StartAsync(url, new { policyIds = new[] { policies[2].Id, policies[1].Id } });
        var other = await StartAsync(url, new { policyIds = new[] { policies[1].Id } });

        Assert.That(same.Id, Is.EqualTo(first.Id), "order of the selection does not matter");
        Assert.That(same.Reused, Is.True);
        Assert.That(other.Id, Is.Not.EqualTo(first.Id));
        Assert.That(PublishedCount<AddPoliciesToBackupSet>(first.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task Adding_to_an_unknown_backup_set_is_not_found()
    {
        var policies = await AddPoliciesAsync(1);

        var response = await OperatorClient().PostJsonAsync($"{BackupSetsUrl}/{Guid.NewGuid()}/policies", new { policyIds = new[] { policies[0].Id } });

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
