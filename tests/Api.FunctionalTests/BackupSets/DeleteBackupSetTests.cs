using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.BackupSets.Delete;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.FunctionalTests.BackupSets;

public sealed class DeleteBackupSetTests : BackupSetTestFixture
{
    private async Task<Guid> CapturedSetAsync()
    {
        var policies = await AddPoliciesAsync(2);
        var started = await CreateSetAsync(new { name = "To delete", policyIds = policies.Select(p => p.Id) });
        await ExecuteRunAsync(started.Run.Id, CancellationToken.None);
        return started.BackupSet.Id;
    }

    private Task AddRestoreRunAsync(Guid setId, RunStatus status) => Factory.DbAsync(async db =>
    {
        var run = new RestoreRun
        {
            Id = Guid.NewGuid(), TenantId = Tenant.Id, BackupSetId = setId, ScopeHash = "all", IsDryRun = true, Operation = RestoreRun.OperationFor(true),
            IdempotencyKey = $"{Tenant.Id}:restore.preview:{setId}:{Guid.NewGuid()}", RequestedBy = "test",
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        if (status == RunStatus.Running)
        {
            run.MarkRunning(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));
        }

        db.Runs.Add(run);
        await db.SaveChangesAsync();
    });

    [Test]
    public async Task Deleting_a_set_removes_it_and_its_items_but_keeps_the_policy_versions()
    {
        var setId = await CapturedSetAsync();

        var response = await OperatorClient().DeleteAsync($"{BackupSetsUrl}/{setId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var (sets, items, versions) = await Factory.DbAsync(async db =>
            (await db.BackupSets.CountAsync(), await db.BackupItems.CountAsync(), await db.PolicyVersions.CountAsync()));
        Assert.That((sets, items, versions), Is.EqualTo((0, 0, 2)));
        await (await ReaderClient().GetAsync($"{BackupSetsUrl}/{setId}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Deleting_a_set_used_by_an_active_restore_run_is_a_conflict()
    {
        var setId = await CapturedSetAsync();
        await AddRestoreRunAsync(setId, RunStatus.Running);

        var response = await OperatorClient().DeleteAsync($"{BackupSetsUrl}/{setId}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo(DeleteBackupSetCommandHandler.InUseCode));
        Assert.That(await Factory.DbAsync(db => db.BackupSets.CountAsync()), Is.EqualTo(1));
    }

    [Test]
    public async Task Deleting_a_set_while_it_is_being_captured_is_a_conflict()
    {
        var policies = await AddPoliciesAsync(1);
        var started = await CreateSetAsync(new { name = "Capturing", policyIds = policies.Select(p => p.Id) });

        var response = await OperatorClient().DeleteAsync($"{BackupSetsUrl}/{started.BackupSet.Id}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo(DeleteBackupSetCommandHandler.CapturingCode));
    }

    [Test]
    public async Task A_reader_cannot_delete_a_set()
    {
        var setId = await CapturedSetAsync();

        var response = await ReaderClient().DeleteAsync($"{BackupSetsUrl}/{setId}");

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await Factory.DbAsync(db => db.BackupSets.CountAsync()), Is.EqualTo(1));
    }
}
