using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Schedules.Retention;
using TenantAtlas.Application.UnitTests.Runs;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Policies;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Schedules;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.UnitTests.Schedules;

/// <summary>Retention in the recovery sweep: expired scheduled sets go with their items; what a kept set or a restore references stays.</summary>
public sealed class BackupRetentionTests
{
    private RunTestHost host = null!;

    [SetUp]
    public void SetUp() => host = new RunTestHost();

    [TearDown]
    public async Task TearDownAsync() => await host.DisposeAsync();

    private sealed record Arranged(Tenant Tenant, BackupSchedule Schedule, Policy Policy, List<(BackupSet Set, PolicyVersion Version)> Sets);

    /// <summary>
    /// Five daily sets of one schedule (oldest first), one policy. Sets 0 and 1 share version 1 (unchanged content),
    /// sets 2, 3 and 4 captured versions 2, 3 and 4, each by the set's capture run.
    /// </summary>
    private async Task<Arranged> ArrangeAsync(int? keepLast, int? maxAgeDays)
    {
        var tenant = await host.AddTenantAsync();
        var now = host.Time.GetUtcNow();
        var schedule = new BackupSchedule
        {
            Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Nightly", CronExpression = "0 2 * * *", TimeZone = "UTC",
            RetentionKeepLast = keepLast, RetentionMaxAgeDays = maxAgeDays, CreatedBy = "t", CreatedAt = now, UpdatedAt = now,
        };
        var policy = new Policy { Id = Guid.NewGuid(), TenantId = tenant.Id, GraphId = "g1", PolicyType = PolicyTypes.DeviceConfiguration, DisplayName = "P", LastSeenAt = now, CreatedAt = now };
        var sets = new List<(BackupSet, PolicyVersion)>();
        await host.DbAsync(async db =>
        {
            db.BackupSchedules.Add(schedule);
            db.Policies.Add(policy);
            PolicyVersion? version = null;
            for (var day = 0; day < 5; day++)
            {
                var createdAt = now - TimeSpan.FromDays(10 - day);
                var set = new BackupSet { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = $"Day {day}", Status = BackupSetStatus.Ready, CreatedBy = "t", CreatedAt = createdAt, ItemCount = 1 };
                var run = RunTestHost.NewBulkRun(tenant.Id, RunOperations.BackupSetCapture, set.Id);
                run.Id = Guid.NewGuid();
                run.CreatedAt = run.UpdatedAt = createdAt;
                Finish(run, createdAt);
                run.IdempotencyKey += ":" + day;
                if (day != 1)
                {
                    version = new PolicyVersion
                    {
                        Id = Guid.NewGuid(), PolicyId = policy.Id, TenantId = tenant.Id, VersionNumber = day == 0 ? 1 : day, CapturedAt = createdAt,
                        CapturedByRunId = run.Id, ContentHash = "h" + day, Payload = "{}", Assignments = "[]",
                    };
                    db.PolicyVersions.Add(version);
                }

                db.BackupSets.Add(set);
                db.Runs.Add(run);
                db.BackupItems.Add(new BackupItem
                {
                    Id = Guid.NewGuid(), BackupSetId = set.Id, TenantId = tenant.Id, PolicyId = policy.Id, PolicyType = policy.PolicyType,
                    GraphId = policy.GraphId, DisplayName = "P", PolicyVersionId = version!.Id, CapturedAt = createdAt,
                });
                db.ScheduleSlots.Add(new ScheduleSlot
                {
                    ScheduleId = schedule.Id, SlotTime = createdAt, TenantId = tenant.Id, Outcome = ScheduleSlotOutcome.Started,
                    BackupSetId = set.Id, BackupRunId = run.Id, ClaimedAt = createdAt,
                });
                sets.Add((set, version));
            }

            return await db.SaveChangesAsync();
        });
        return new Arranged(tenant, schedule, policy, sets);
    }

    private static void Finish(Run run, DateTimeOffset at)
    {
        run.MarkRunning(at, TimeSpan.FromMinutes(1));
        run.Complete(at);
        Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));
    }

    private Task<List<Guid>> SetIdsAsync(Guid tenantId) => host.DbAsync(db => db.BackupSets.AsNoTracking().Where(s => s.TenantId == tenantId).Select(s => s.Id).ToListAsync());

    private Task<List<Guid>> VersionIdsAsync(Guid policyId) => host.DbAsync(db => db.PolicyVersions.AsNoTracking().Where(v => v.PolicyId == policyId).Select(v => v.Id).ToListAsync());

    private Task SweepAsync() => host.WithScopeAsync(async sp => await sp.GetRequiredService<RunRecoverySweeper>().SweepAsync(CancellationToken.None));

    [Test]
    public async Task The_sweep_keeps_the_newest_sets_and_deletes_the_rest_with_their_items_and_unreferenced_versions_audited()
    {
        var arranged = await ArrangeAsync(keepLast: 2, maxAgeDays: null);
        await SweepAsync();

        var kept = arranged.Sets.Skip(3).Select(s => s.Set.Id).ToList();
        Assert.That(await SetIdsAsync(arranged.Tenant.Id), Is.EquivalentTo(kept));
        var items = await host.DbAsync(db => db.BackupItems.AsNoTracking().Where(i => i.TenantId == arranged.Tenant.Id).Select(i => i.BackupSetId).ToListAsync());
        Assert.That(items, Is.EquivalentTo(kept), "the expired sets' items went with them");
        // Versions 1 and 2 were only referenced by the deleted sets 0-2 and have newer versions; 3 and 4 stay.
        Assert.That(await VersionIdsAsync(arranged.Policy.Id), Is.EquivalentTo(new[] { arranged.Sets[3].Version.Id, arranged.Sets[4].Version.Id }));
        var audits = await host.DbAsync(db => db.AuditLogs.AsNoTracking().Where(a => a.Action == BackupRetention.DeletedAction).ToListAsync());
        Assert.That(audits.Select(a => a.TargetId), Is.EquivalentTo(arranged.Sets.Take(3).Select(s => s.Set.Id.ToString("D"))));
        Assert.That(audits.Select(a => a.TenantId), Is.All.EqualTo(arranged.Tenant.Id));
    }

    [Test]
    public async Task A_set_a_restore_references_is_kept_and_says_why_and_its_version_survives()
    {
        var arranged = await ArrangeAsync(keepLast: 1, maxAgeDays: null);
        var restored = arranged.Sets[0].Set;
        await host.DbAsync(async db =>
        {
            var restore = new RestoreRun
            {
                Id = Guid.NewGuid(), TenantId = arranged.Tenant.Id, Operation = RunOperations.Restore, BackupSetId = restored.Id, ScopeHash = "x",
                IdempotencyKey = "restore-of-day-0", RequestedBy = "t",
                CreatedAt = host.Time.GetUtcNow(), UpdatedAt = host.Time.GetUtcNow(),
            };
            Finish(restore, host.Time.GetUtcNow());
            db.Runs.Add(restore);
            return await db.SaveChangesAsync();
        });

        var decisions = await host.WithScopeAsync(sp => sp.GetRequiredService<BackupRetention>()
            .EvaluateAsync(arranged.Schedule.Id, 1, null, host.Time.GetUtcNow(), CancellationToken.None));
        Assert.That(decisions.Single(d => d.BackupSetId == restored.Id).Reason, Is.EqualTo(RetentionRules.ReferencedByRestore));
        Assert.That(decisions.Single(d => d.BackupSetId == arranged.Sets[4].Set.Id).Reason, Is.EqualTo(RetentionRules.WithinKeepLast));
        Assert.That(decisions.Count(d => !d.Keep), Is.EqualTo(3));

        await SweepAsync();
        Assert.That(await SetIdsAsync(arranged.Tenant.Id), Is.EquivalentTo(new[] { restored.Id, arranged.Sets[4].Set.Id }));
        // Version 1 is shared by the restored set 0 and the deleted set 1: it stays, with the restored set's item.
        var versions = await VersionIdsAsync(arranged.Policy.Id);
        Assert.That(versions, Does.Contain(arranged.Sets[0].Version.Id));
        Assert.That(versions, Does.Contain(arranged.Sets[4].Version.Id));
        Assert.That(versions, Does.Not.Contain(arranged.Sets[2].Version.Id));
        var restoredItems = await host.DbAsync(db => db.BackupItems.AsNoTracking().CountAsync(i => i.BackupSetId == restored.Id));
        Assert.That(restoredItems, Is.EqualTo(1));
    }

    [Test]
    public async Task The_age_rule_keeps_sets_younger_than_the_limit_and_a_schedule_without_rules_keeps_everything()
    {
        var aged = await ArrangeAsync(keepLast: null, maxAgeDays: 8);
        var none = await ArrangeAsync(keepLast: null, maxAgeDays: null);
        await SweepAsync();

        // Created 10, 9, 8, 7 and 6 days ago: the two older than 8 days go (exactly 8 days is not younger).
        Assert.That(await SetIdsAsync(aged.Tenant.Id), Is.EquivalentTo(aged.Sets.Skip(3).Select(s => s.Set.Id)));
        Assert.That(await SetIdsAsync(none.Tenant.Id), Has.Count.EqualTo(5));
    }

    [Test]
    public async Task A_set_an_active_run_uses_is_kept()
    {
        var arranged = await ArrangeAsync(keepLast: 1, maxAgeDays: null);
        var baseline = arranged.Sets[0].Set;
        await host.StartAsync(RunTestHost.NewBulkRun(arranged.Tenant.Id, RunOperations.PolicyDriftCheck, baseline.Id));
        await SweepAsync();
        Assert.That(await SetIdsAsync(arranged.Tenant.Id), Is.EquivalentTo(new[] { baseline.Id, arranged.Sets[4].Set.Id }));
    }
}
