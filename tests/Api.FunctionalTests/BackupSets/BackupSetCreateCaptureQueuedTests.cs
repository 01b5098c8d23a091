using System.Net;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.BackupSets;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Api.FunctionalTests.BackupSets;

/// <summary>Spec T024: creating a backup set creates the set and queues its capture; nothing is captured inline.</summary>
public sealed class BackupSetCreateCaptureQueuedTests : BackupSetTestFixture
{
    [Test]
    public async Task Create_answers_202_with_a_capturing_set_and_a_queued_run_without_calling_graph()
    {
        var policies = await AddPoliciesAsync(3);
        Emulator.State.ClearRequestLog();

        var response = await OperatorClient().PostJsonAsync(BackupSetsUrl, new { name = "Before change window", policyIds = policies.Select(p => p.Id) });

        var started = await response.ReadAsync<BackupSetStartedDto>(HttpStatusCode.Accepted);
        Assert.Multiple(() =>
        {
            Assert.That(started.BackupSet.Status, Is.EqualTo(BackupSetStatus.Capturing));
            Assert.That(started.BackupSet.Name, Is.EqualTo("Before change window"));
            Assert.That(started.Run.Status, Is.EqualTo(RunStatus.Queued));
            Assert.That(started.Run.Operation, Is.EqualTo(RunOperations.BackupSetCapture));
            Assert.That(started.Run.TargetId, Is.EqualTo(started.BackupSet.Id));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"{TenantUrl}/runs/{started.Run.Id}"));
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        });
        Assert.That(WasPublished<CaptureBackupSet>(started.Run.Id), Is.True);
        Assert.That(GraphRequests(), Is.Empty, "the request path makes no Graph call");
        var (sets, items, versions) = await Factory.DbAsync(async db =>
            (await db.BackupSets.CountAsync(), await db.BackupItems.CountAsync(), await db.PolicyVersions.CountAsync()));
        Assert.That((sets, items, versions), Is.EqualTo((1, 0, 0)));
    }

    [Test]
    public async Task Create_with_all_policies_of_some_types_queues_the_capture()
    {
        await AddPoliciesAsync(2);

        var started = await CreateSetAsync(new { name = "Nightly", all = true, policyTypes = new[] { "deviceConfiguration" } });

        Assert.That(started.Run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(WasPublished<CaptureBackupSet>(started.Run.Id), Is.True);
        Assert.That(GraphRequests(), Is.Empty);
    }

    [Test]
    public async Task The_new_set_is_listed_and_shown_with_its_run()
    {
        var policies = await AddPoliciesAsync(1);
        var started = await CreateSetAsync(new { name = "Listed", policyIds = policies.Select(p => p.Id) });

        var list = await (await ReaderClient().GetAsync(BackupSetsUrl)).ReadAsync<Application.Common.PagedResult<BackupSetDto>>(HttpStatusCode.OK);
        var detail = await (await ReaderClient().GetAsync($"{BackupSetsUrl}/{started.BackupSet.Id}")).ReadAsync<BackupSetDetailsDto>(HttpStatusCode.OK);

        Assert.That(list.Items.Select(s => s.Id), Is.EqualTo(new[] { started.BackupSet.Id }));
        Assert.That(detail.Runs.Select(r => r.Id), Is.EqualTo(new[] { started.Run.Id }));
    }

    [Test]
    public async Task A_reader_cannot_create_a_backup_set()
    {
        var policies = await AddPoliciesAsync(1);

        var response = await ReaderClient().PostJsonAsync(BackupSetsUrl, new { name = "No", policyIds = policies.Select(p => p.Id) });

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await Factory.DbAsync(db => db.BackupSets.CountAsync()), Is.Zero);
    }
}
