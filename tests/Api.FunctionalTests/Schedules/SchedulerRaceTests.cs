using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Schedules;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Api.FunctionalTests.Schedules;

/// <summary>
/// Several schedulers over the run's database (SQLite, or PostgreSQL with TEST_DATABASE_PROVIDER=Postgres), each with
/// its own scopes and connections, all at once on the same due slots: each slot starts exactly one backup run.
/// </summary>
public sealed class SchedulerRaceTests : ApiTestFixture
{
    [Test]
    public async Task Four_schedulers_racing_on_one_database_start_one_run_per_slot_of_each_schedule()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 23, 59, 0, TimeSpan.Zero));
        var scheduleIds = new List<Guid>();
        for (var t = 0; t < 3; t++)
        {
            var tenant = await CreateTenantAsync($"Tenant {t}");
            var now = clock.GetUtcNow();
            var schedule = new BackupSchedule
            {
                Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Minutely", CronExpression = "* * * * *", TimeZone = "UTC",
                CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
            };
            ScheduleTimes.Reschedule(schedule, now, TimeSpan.Zero);
            scheduleIds.Add(schedule.Id);
            await DbAsync(async db =>
            {
                db.Policies.Add(new Policy
                {
                    Id = Guid.NewGuid(), TenantId = tenant.Id, GraphId = "p", PolicyType = PolicyTypes.DeviceConfiguration, DisplayName = "P",
                    LastSeenAt = now, CreatedAt = now,
                });
                db.BackupSchedules.Add(schedule);
                await db.SaveChangesAsync();
            });
        }

        var scopes = Factory.Services.GetRequiredService<IServiceScopeFactory>();
        var schedulers = Enumerable.Range(0, 4).Select(_ => new BackupScheduler(scopes, clock,
            Microsoft.Extensions.Options.Options.Create(new ScheduleOptions { JitterWindow = TimeSpan.Zero }), NullLogger<BackupScheduler>.Instance)).ToList();
        const int slots = 3;
        for (var minute = 0; minute < slots; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            using var gate = new SemaphoreSlim(0);
            var ticks = schedulers.Select(s => Task.Run(async () => { await gate.WaitAsync(); return await s.TickAsync(CancellationToken.None); })).ToList();
            gate.Release(schedulers.Count);
            var claimed = await Task.WhenAll(ticks);
            Assert.That(claimed.Sum(), Is.EqualTo(scheduleIds.Count), $"minute {minute}: each schedule's slot claimed once");
        }

        var runs = await DbAsync(db => db.Runs.OfType<BulkOperationRun>().AsNoTracking()
            .Where(r => r.Operation == RunOperations.BackupSetCapture).Select(r => new { r.Id, r.TenantId }).ToListAsync());
        Assert.That(runs, Has.Count.EqualTo(scheduleIds.Count * slots));
        var slotRows = await DbAsync(db => db.ScheduleSlots.AsNoTracking().ToListAsync());
        Assert.That(slotRows, Has.Count.EqualTo(scheduleIds.Count * slots));
        Assert.That(slotRows.Select(s => s.BackupRunId), Is.EquivalentTo(runs.Select(r => (Guid?)r.Id)), "every run belongs to exactly one slot");
        Assert.That(slotRows.GroupBy(s => s.ScheduleId).Select(g => g.Count()), Is.All.EqualTo(slots));
    }
}
