using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Schedules;
using TenantAtlas.Application.UnitTests.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Schedules;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.UnitTests.Schedules;

/// <summary>
/// The scheduler over a real SQLite file and a fake clock: due slots start through the run launcher, two schedulers
/// racing on one database start one run per slot, and downtime is caught up once.
/// </summary>
public sealed class BackupSchedulerTests
{
    private RunTestHost host = null!;

    [SetUp]
    public void SetUp() => host = new RunTestHost();

    [TearDown]
    public async Task TearDownAsync() => await host.DisposeAsync();

    private BackupScheduler Scheduler(TimeSpan? jitter = null) => new(
        host.Services.GetRequiredService<IServiceScopeFactory>(), host.Time,
        Microsoft.Extensions.Options.Options.Create(new ScheduleOptions { JitterWindow = jitter ?? TimeSpan.Zero }),
        NullLogger<BackupScheduler>.Instance);

    private async Task<(Tenant Tenant, BackupSchedule Schedule)> ArrangeAsync(string cron = "0 2 * * *", string zone = "Europe/Zurich",
        ScheduleMode mode = ScheduleMode.Backup, TimeSpan? jitter = null, Guid? creator = null)
    {
        var tenant = await host.AddTenantAsync();
        var now = host.Time.GetUtcNow();
        var schedule = new BackupSchedule
        {
            Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Nightly", CronExpression = cron, TimeZone = zone, Mode = mode,
            CreatedBy = "user:x", CreatedByUserId = creator, CreatedAt = now, UpdatedAt = now,
        };
        ScheduleTimes.Reschedule(schedule, now, jitter ?? TimeSpan.Zero);
        await host.DbAsync(async db =>
        {
            db.Policies.Add(new Policy
            {
                Id = Guid.NewGuid(), TenantId = tenant.Id, GraphId = "p1", PolicyType = PolicyTypes.DeviceConfiguration, DisplayName = "P1",
                LastSeenAt = now, CreatedAt = now,
            });
            db.BackupSchedules.Add(schedule);
            return await db.SaveChangesAsync();
        });
        return (tenant, schedule);
    }

    private Task<List<BulkOperationRun>> CaptureRunsAsync(Guid tenantId) => host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking()
        .Where(r => r.TenantId == tenantId && r.Operation == RunOperations.BackupSetCapture).ToListAsync());

    [Test]
    public async Task Nothing_starts_before_the_slot_and_one_backup_starts_when_the_fake_clock_reaches_it()
    {
        // 12:00 UTC on 27 Nov 2026; 02:00 in Zurich (UTC+1) is 01:00 UTC on the 28th.
        var userId = Guid.NewGuid();
        var (tenant, schedule) = await ArrangeAsync(creator: userId);
        Assert.That(schedule.NextRunAt, Is.EqualTo(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero)));
        var scheduler = Scheduler();

        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 0, 59, 59, TimeSpan.Zero));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.Zero);
        Assert.That(await CaptureRunsAsync(tenant.Id), Is.Empty);

        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 1, 0, 5, TimeSpan.Zero));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.Zero, "the slot starts once");

        var run = (await CaptureRunsAsync(tenant.Id)).Single();
        Assert.That(run.RequestedBy, Is.EqualTo($"schedule:{schedule.Id:D}"));
        Assert.That(run.RequestedByUserId, Is.EqualTo(userId), "the schedule's creator gets the run's notifications");
        Assert.That(host.Published.Select(m => m.RunId), Does.Contain(run.Id), "published like a click's run");
        var set = await host.DbAsync(db => db.BackupSets.AsNoTracking().SingleAsync(s => s.Id == run.TargetId));
        Assert.That(set.Status, Is.EqualTo(BackupSetStatus.Capturing));
        Assert.That(set.Name, Is.EqualTo("Nightly 2026-11-28 02:00"));
        var notifications = await host.DbAsync(db => db.Notifications.AsNoTracking().CountAsync(n => n.UserId == userId));
        Assert.That(notifications, Is.EqualTo(1), "the Queued notification of the run");
        var stored = await host.DbAsync(db => db.BackupSchedules.AsNoTracking().SingleAsync(s => s.Id == schedule.Id));
        Assert.That(stored.NextRunAt, Is.EqualTo(new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero)));
        Assert.That(stored.LastSlotAt, Is.EqualTo(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero)));
        var slot = await host.DbAsync(db => db.ScheduleSlots.AsNoTracking().SingleAsync(s => s.ScheduleId == schedule.Id));
        Assert.That(slot.Outcome, Is.EqualTo(ScheduleSlotOutcome.Started));
        Assert.That(slot.BackupRunId, Is.EqualTo(run.Id));
    }

    [Test]
    public async Task Two_schedulers_racing_on_one_database_start_one_run_per_slot()
    {
        var (tenant, _) = await ArrangeAsync(cron: "*/5 * * * *", zone: "UTC");
        var first = Scheduler();
        var second = Scheduler();
        for (var slot = 0; slot < 4; slot++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(5));
            using var gate = new SemaphoreSlim(0);
            var a = Task.Run(async () => { await gate.WaitAsync(); return await first.TickAsync(CancellationToken.None); });
            var b = Task.Run(async () => { await gate.WaitAsync(); return await second.TickAsync(CancellationToken.None); });
            gate.Release(2);
            var claimed = await Task.WhenAll(a, b);
            Assert.That(claimed.Sum(), Is.EqualTo(1), $"slot {slot}: exactly one scheduler claims it");
        }

        var runs = await CaptureRunsAsync(tenant.Id);
        Assert.That(runs, Has.Count.EqualTo(4));
        var slots = await host.DbAsync(db => db.ScheduleSlots.AsNoTracking().Where(s => s.TenantId == tenant.Id).ToListAsync());
        Assert.That(slots.Select(s => s.SlotTime).Distinct().Count(), Is.EqualTo(4));
        Assert.That(slots.Select(s => s.BackupRunId), Is.EquivalentTo(runs.Select(r => (Guid?)r.Id)));
    }

    [Test]
    public async Task After_downtime_only_the_latest_missed_slot_runs_once()
    {
        var (tenant, schedule) = await ArrangeAsync(cron: "0 * * * *", zone: "UTC");
        var scheduler = Scheduler();
        // Down from 12:00 until 17:30: the 13:00 ... 17:00 slots were missed.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.Zero);

        Assert.That(await CaptureRunsAsync(tenant.Id), Has.Count.EqualTo(1), "no burst of missed slots");
        var slot = await host.DbAsync(db => db.ScheduleSlots.AsNoTracking().SingleAsync(s => s.ScheduleId == schedule.Id));
        Assert.That(slot.SlotTime, Is.EqualTo(new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.Zero)));
        var stored = await host.DbAsync(db => db.BackupSchedules.AsNoTracking().SingleAsync(s => s.Id == schedule.Id));
        Assert.That(stored.NextRunAt, Is.EqualTo(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task Jitter_delays_the_due_time_by_a_fixed_offset_per_schedule_within_the_window()
    {
        var window = TimeSpan.FromMinutes(30);
        var offsets = Enumerable.Range(0, 200).Select(_ => ScheduleCron.Jitter(Guid.NewGuid(), window)).ToList();
        Assert.That(offsets, Is.All.GreaterThanOrEqualTo(TimeSpan.Zero).And.All.LessThan(window));
        Assert.That(offsets.Distinct().Count(), Is.GreaterThan(150), "schedules spread over the window");
        var id = Guid.NewGuid();
        Assert.That(ScheduleCron.Jitter(id, window), Is.EqualTo(ScheduleCron.Jitter(id, window)), "deterministic per schedule");

        var (tenant, schedule) = await ArrangeAsync(cron: "0 2 * * *", zone: "UTC", jitter: window);
        var jitter = ScheduleCron.Jitter(schedule.Id, window);
        var occurrence = new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
        Assert.That(schedule.NextRunAt, Is.EqualTo(occurrence + jitter));
        var scheduler = Scheduler(window);
        host.Time.SetUtcNow(occurrence + jitter - TimeSpan.FromSeconds(1));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.Zero);
        host.Time.SetUtcNow(occurrence + jitter);
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.EqualTo(1));
        var slot = await host.DbAsync(db => db.ScheduleSlots.AsNoTracking().SingleAsync(s => s.TenantId == tenant.Id));
        Assert.That(slot.SlotTime, Is.EqualTo(occurrence), "the slot is the occurrence, so every scheduler names it alike");
    }

    [Test]
    public async Task A_drift_schedule_without_a_baseline_is_skipped_with_a_note_and_with_one_starts_a_drift_check()
    {
        var (tenant, schedule) = await ArrangeAsync(cron: "0 * * * *", zone: "UTC", mode: ScheduleMode.DriftCheck);
        var scheduler = Scheduler();
        host.Time.Advance(TimeSpan.FromHours(1));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.EqualTo(1));
        var slot = await host.DbAsync(db => db.ScheduleSlots.AsNoTracking().SingleAsync(s => s.ScheduleId == schedule.Id));
        Assert.That(slot.Outcome, Is.EqualTo(ScheduleSlotOutcome.Skipped));
        Assert.That(slot.Note, Is.EqualTo("drift.no_baseline"));

        var baseline = Guid.NewGuid();
        await host.DbAsync(async db =>
        {
            db.BackupSets.Add(new BackupSet { Id = baseline, TenantId = tenant.Id, Name = "B", Status = BackupSetStatus.Ready, CreatedBy = "t", CreatedAt = host.Time.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        host.Time.Advance(TimeSpan.FromHours(1));
        Assert.That(await scheduler.TickAsync(CancellationToken.None), Is.EqualTo(1));
        var drift = await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking()
            .SingleAsync(r => r.TenantId == tenant.Id && r.Operation == RunOperations.PolicyDriftCheck));
        Assert.That(drift.TargetId, Is.EqualTo(baseline));
        Assert.That(await CaptureRunsAsync(tenant.Id), Is.Empty, "a drift-only schedule takes no backup");
    }

    [Test]
    public void Cron_and_time_zone_parsing_accepts_five_and_six_fields_and_iana_and_windows_ids()
    {
        Assert.That(ScheduleCron.TryParse("0 2 * * *"), Is.Not.Null);
        Assert.That(ScheduleCron.TryParse("30 0 2 * * MON-FRI"), Is.Not.Null);
        Assert.That(ScheduleCron.TryParse("61 2 * * *"), Is.Null);
        Assert.That(ScheduleCron.TryParse("every night"), Is.Null);
        Assert.That(ScheduleCron.TryFindTimeZone("Europe/Zurich"), Is.Not.Null);
        Assert.That(ScheduleCron.TryFindTimeZone("W. Europe Standard Time"), Is.Not.Null);
        Assert.That(ScheduleCron.TryFindTimeZone("Mars/Olympus_Mons"), Is.Null);
    }
}
