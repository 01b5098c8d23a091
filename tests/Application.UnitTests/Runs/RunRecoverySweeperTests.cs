using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

public sealed class RunRecoverySweeperTests
{
    private static Task<RunSweepResult> SweepAsync(RunTestHost host) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<RunRecoverySweeper>().SweepAsync(CancellationToken.None));

    private static Task SetAsync(RunTestHost host, Guid runId, RunStatus status, DateTimeOffset? lease, int attempt, DateTimeOffset? dispatchedAt) =>
        host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.LeaseExpiresAt, lease)
            .SetProperty(r => r.Attempt, attempt)
            .SetProperty(r => r.DispatchedAt, dispatchedAt)));

    [Test]
    public async Task Republishes_queued_runs_whose_dispatch_is_older_than_the_requeue_age()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        host.Published.Clear();

        Assert.That((await SweepAsync(host)).Republished, Is.EqualTo(0), "a fresh dispatch is left alone");
        host.Time.Advance(host.Options.RequeueAfter + TimeSpan.FromSeconds(1));
        var result = await SweepAsync(host);
        Assert.That(result.Republished, Is.EqualTo(1));
        Assert.That(host.Published.OfType<SyncPolicyInventory>().Single().RunId, Is.EqualTo(run.Id));
        Assert.That((await host.GetRunAsync(run.Id)).DispatchedAt, Is.EqualTo(host.Time.GetUtcNow()));
    }

    [Test]
    public async Task Publishes_a_queued_run_whose_publish_failed_once_its_starters_window_passed_not_after_the_requeue_age()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        await SetAsync(host, run.Id, RunStatus.Queued, null, 0, null);
        host.Published.Clear();

        Assert.That((await SweepAsync(host)).Republished, Is.EqualTo(0), "its starter may still be publishing");
        var window = host.Options.PublishTimeout + RunRecoverySweeper.StarterMargin;
        host.Time.Advance(window - TimeSpan.FromSeconds(1));
        Assert.That((await SweepAsync(host)).Republished, Is.EqualTo(0), "still inside the starter's window");
        host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(window + TimeSpan.FromSeconds(1), Is.LessThan(host.Options.RequeueAfter));
        Assert.That((await SweepAsync(host)).Republished, Is.EqualTo(1));
        Assert.That(host.Published.Single().RunId, Is.EqualTo(run.Id));
        Assert.That((await SweepAsync(host)).Republished, Is.EqualTo(0), "dispatched now: left alone until RequeueAfter");
    }

    [Test]
    public async Task Moves_running_runs_with_an_expired_lease_back_to_queued_and_publishes_them()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var now = host.Time.GetUtcNow();
        await SetAsync(host, run.Id, RunStatus.Running, now.AddSeconds(30), 1, now);
        host.Published.Clear();

        Assert.That((await SweepAsync(host)).Requeued, Is.EqualTo(0), "the lease is still valid");
        host.Time.Advance(TimeSpan.FromSeconds(31));
        var result = await SweepAsync(host);
        Assert.That(result.Requeued, Is.EqualTo(1));
        Assert.That(result.Republished, Is.EqualTo(1));
        var requeued = await host.GetRunAsync(run.Id);
        Assert.That(requeued.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(requeued.LeaseExpiresAt, Is.Null);
        Assert.That(host.Published.Single().RunId, Is.EqualTo(run.Id));
    }

    [Test]
    public async Task Fails_runs_past_max_attempts_as_abandoned()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var userId = Guid.NewGuid();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, userId: userId))).Run;
        var now = host.Time.GetUtcNow();
        await SetAsync(host, run.Id, RunStatus.Running, now.AddSeconds(-1), host.Options.MaxAttempts, now);
        host.Published.Clear();

        var result = await SweepAsync(host);
        Assert.That(result.Abandoned, Is.EqualTo(1));
        Assert.That(host.Published, Is.Empty);
        var abandoned = await host.GetRunAsync(run.Id);
        Assert.That(abandoned.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(abandoned.FailureCode, Is.EqualTo(RunFailure.Abandoned));
        var notifications = await host.DbAsync(db => db.Notifications.Where(n => n.UserId == userId).Select(n => n.Data).ToListAsync());
        Assert.That(notifications, Has.Count.EqualTo(2), "Queued and the terminal Failed");
        Assert.That(notifications.Single(n => n.Contains("\"status\":\"Failed\"")), Does.Contain("run.abandoned"));
    }

    [Test]
    public async Task Leaves_finished_runs_alone()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        await SetAsync(host, run.Id, RunStatus.Succeeded, host.Time.GetUtcNow().AddHours(-1), 1, host.Time.GetUtcNow().AddHours(-1));
        host.Published.Clear();
        host.Time.Advance(TimeSpan.FromHours(1));
        var result = await SweepAsync(host);
        Assert.That(result, Is.EqualTo(new RunSweepResult(0, 0, 0)));
        Assert.That((await host.GetRunAsync(run.Id)).Status, Is.EqualTo(RunStatus.Succeeded));
    }

    [Test]
    public async Task Forgets_run_events_older_than_the_retention_and_expired_idempotency_records()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var now = host.Time.GetUtcNow();
        await host.DbAsync(async db =>
        {
            foreach (var age in new[] { host.Options.EventRetention + TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5) })
            {
                db.RunEvents.Add(new RunEvent
                {
                    TenantId = tenant.Id, RunId = Guid.NewGuid(), RunKind = RunKind.BulkOperation, Operation = RunOperations.PolicySync,
                    Type = RunNotifier.StatusEvent, Status = RunStatus.Succeeded, OccurredAt = now - age,
                });
            }

            db.IdempotencyRecords.Add(new TenantAtlas.Domain.Idempotency.IdempotencyRecord
            {
                Id = Guid.NewGuid(), Caller = "user:x", Key = "old", Fingerprint = "f", CreatedAt = now.AddDays(-2), ExpiresAt = now.AddDays(-1),
            });
            db.IdempotencyRecords.Add(new TenantAtlas.Domain.Idempotency.IdempotencyRecord
            {
                Id = Guid.NewGuid(), Caller = "user:x", Key = "fresh", Fingerprint = "f", CreatedAt = now, ExpiresAt = now.AddHours(24),
            });
            await db.SaveChangesAsync();
            return 0;
        });

        await SweepAsync(host);

        var remaining = await host.DbAsync(db => db.RunEvents.Select(e => e.OccurredAt).ToListAsync());
        Assert.That(remaining, Is.EqualTo(new[] { now - TimeSpan.FromMinutes(5) }));
        var keys = await host.DbAsync(db => db.IdempotencyRecords.Select(r => r.Key).ToListAsync());
        Assert.That(keys, Is.EqualTo(new[] { "fresh" }));
    }
}
