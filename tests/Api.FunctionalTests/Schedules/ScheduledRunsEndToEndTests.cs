using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Application.Schedules;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Schedules;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Api.FunctionalTests.Schedules;

/// <summary>
/// The scheduler hosted by the embedded Api (consumers in process): a BackupThenDrift schedule captures a new set and
/// checks drift against the previous one, through the ordinary run path, without anyone clicking.
/// </summary>
public sealed class ScheduledRunsEndToEndTests : EmulatorBackedTests
{
    protected override void ConfigureFactory(ApiFactory factory) => factory
        .With("Schedules:PollInterval", "00:00:00.200")
        .With("Schedules:JitterWindow", "00:00:00");

    [Test]
    public async Task A_due_schedule_starts_a_backup_and_a_drift_check_that_both_finish()
    {
        var (tenant, graph) = await RestoreScenario.CreateTenantAsync(Factory, ("ida", TenantRole.Operator));
        var policy = graph.Add(RestoreScenario.DeviceConfigurations, RestoreScenario.DeviceConfiguration("Scheduled"));
        var previous = await RestoreScenario.CaptureAsync(Factory, tenant, "Previous");
        graph.Update(RestoreScenario.DeviceConfigurations, RestoreScenario.IdOf(policy), o => o["description"] = "edited by hand", touch: true);

        var client = ClientFor("ida");
        var url = $"/api/v1/tenants/{tenant.Id}/backup-schedules";
        // Every five seconds (six fields: seconds first).
        var schedule = await (await client.PostJsonAsync(url, new
        {
            name = "Often", cronExpression = "*/5 * * * * *", timeZone = "UTC", mode = "BackupThenDrift", retention = new { keepLast = 5 },
        })).ReadAsync<BackupScheduleDto>(HttpStatusCode.Created);

        ScheduleSlot? slot = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (slot is null)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "no slot finished in time");
            await Task.Delay(200);
            var slots = await DbAsync(db => db.ScheduleSlots.AsNoTracking().Where(s => s.ScheduleId == schedule.Id && s.Outcome == ScheduleSlotOutcome.Started).ToListAsync());
            foreach (var candidate in slots)
            {
                var runs = await DbAsync(db => db.Runs.AsNoTracking()
                    .Where(r => r.Id == candidate.BackupRunId || r.Id == candidate.DriftRunId).Select(r => r.Status).ToListAsync());
                if (runs.Count == 2 && runs.All(RunStateMachine.IsTerminal))
                {
                    slot = candidate;
                    break;
                }
            }
        }

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"{url}/{schedule.Id}") { Content = JsonContent.Create(new { enabled = false }) };
        Assert.That((await client.SendAsync(patch)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That(slot.BaselineBackupSetId, Is.EqualTo(previous.Id), "the drift check compares with the backup before this slot's");
        var backup = await DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking().SingleAsync(r => r.Id == slot.BackupRunId));
        Assert.That(backup.Operation, Is.EqualTo(RunOperations.BackupSetCapture));
        Assert.That(backup.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(backup.RequestedBy, Is.EqualTo($"schedule:{schedule.Id:D}"));
        var set = await DbAsync(db => db.BackupSets.AsNoTracking().SingleAsync(s => s.Id == slot.BackupSetId));
        Assert.That(set.Status, Is.EqualTo(BackupSetStatus.Ready));

        var drift = await DbAsync(db => db.DriftReports.AsNoTracking().SingleAsync(r => r.RunId == slot.DriftRunId));
        Assert.That(drift.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That((drift.Changed, drift.Added, drift.Deleted), Is.EqualTo((1, 0, 0)), "the hand edit is drift");

        var perSlot = await DbAsync(db => db.ScheduleSlots.AsNoTracking().Where(s => s.ScheduleId == schedule.Id && s.BackupRunId != null)
            .GroupBy(s => s.SlotTime).Select(g => g.Count()).ToListAsync());
        Assert.That(perSlot, Is.All.EqualTo(1));
    }
}
