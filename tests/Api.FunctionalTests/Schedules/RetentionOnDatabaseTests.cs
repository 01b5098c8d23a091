using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Api.FunctionalTests.Infrastructure;
using TenantAtlas.Api.FunctionalTests.Restores;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Schedules.Retention;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Api.FunctionalTests.Schedules;

/// <summary>Retention's queries on the run's database (SQLite, or PostgreSQL with TEST_DATABASE_PROVIDER=Postgres), through the real sweep.</summary>
public sealed class RetentionOnDatabaseTests : ApiTestFixture
{
    [Test]
    public async Task The_sweep_deletes_expired_scheduled_sets_and_keeps_the_one_a_restore_references()
    {
        var tenant = await CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        var schedule = new BackupSchedule
        {
            Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Nightly", CronExpression = "0 2 * * *", TimeZone = "UTC",
            RetentionKeepLast = 1, CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
        };
        await DbAsync(async db => { db.BackupSchedules.Add(schedule); await db.SaveChangesAsync(); });
        var sets = new List<BackupSet>();
        for (var day = 0; day < 4; day++)
        {
            var set = await RestoreScenario.SeedBackupSetAsync(Factory, tenant.Id, items: 2);
            await DbAsync(async db =>
            {
                var stored = await db.BackupSets.SingleAsync(s => s.Id == set.Id);
                stored.CreatedAt = now - TimeSpan.FromDays(4 - day);
                db.ScheduleSlots.Add(new ScheduleSlot
                {
                    ScheduleId = schedule.Id, SlotTime = stored.CreatedAt, TenantId = tenant.Id, Outcome = ScheduleSlotOutcome.Started,
                    BackupSetId = set.Id, ClaimedAt = stored.CreatedAt,
                });
                await db.SaveChangesAsync();
            });
            sets.Add(set);
        }

        await DbAsync(async db =>
        {
            db.Runs.Add(new RestoreRun
            {
                Id = Guid.NewGuid(), TenantId = tenant.Id, Operation = RunOperations.RestorePreview, BackupSetId = sets[0].Id, ScopeHash = "x",
                IsDryRun = true, IdempotencyKey = $"{tenant.Id}:preview:{sets[0].Id}", RequestedBy = "test", CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        });

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var decisions = await scope.ServiceProvider.GetRequiredService<BackupRetention>()
                .EvaluateAsync(schedule.Id, 1, null, now, CancellationToken.None);
            Assert.That(decisions.Single(d => d.BackupSetId == sets[0].Id).Reason, Is.EqualTo(RetentionRules.ReferencedByRestore));
            await scope.ServiceProvider.GetRequiredService<RunRecoverySweeper>().SweepAsync(CancellationToken.None);
        }

        var left = await DbAsync(db => db.BackupSets.AsNoTracking().Where(s => s.TenantId == tenant.Id).Select(s => s.Id).ToListAsync());
        Assert.That(left, Is.EquivalentTo(new[] { sets[0].Id, sets[3].Id }));
        var items = await DbAsync(db => db.BackupItems.AsNoTracking().Where(i => i.TenantId == tenant.Id).Select(i => i.BackupSetId).Distinct().ToListAsync());
        Assert.That(items, Is.EquivalentTo(left));
        var audited = await DbAsync(db => db.AuditLogs.AsNoTracking().CountAsync(a => a.TenantId == tenant.Id && a.Action == BackupRetention.DeletedAction));
        Assert.That(audited, Is.EqualTo(2));
    }
}
