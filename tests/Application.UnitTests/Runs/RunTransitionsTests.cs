using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>The set-based claim and requeue take their guard from the domain state machine.</summary>
public sealed class RunTransitionsTests
{
    private static async Task<BulkOperationRun> SeedAsync(RunTestHost host, Action<BulkOperationRun> shape)
    {
        var tenant = await host.AddTenantAsync();
        var run = RunTestHost.NewBulkRun(tenant.Id);
        run.Id = Guid.NewGuid();
        run.CreatedAt = run.UpdatedAt = host.Time.GetUtcNow();
        shape(run);
        await host.DbAsync(async db => { db.Runs.Add(run); await db.SaveChangesAsync(); return 0; });
        return run;
    }

    [TestCase(RunStatus.Running)]
    [TestCase(RunStatus.Succeeded)]
    [TestCase(RunStatus.Cancelled)]
    public async Task A_run_that_is_not_queued_is_never_claimed(RunStatus status)
    {
        await using var host = new RunTestHost();
        var now = host.Time.GetUtcNow();
        var run = await SeedAsync(host, r =>
        {
            r.MarkRunning(now, TimeSpan.FromMinutes(1));
            if (status == RunStatus.Succeeded) r.Complete(now);
            if (status == RunStatus.Cancelled) r.Cancel(now);
        });

        var moved = await host.DbAsync(db => RunTransitions.ClaimAsync(db.Runs, run.Id, now, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.That(moved, Is.Zero);
        var stored = await host.GetRunAsync(run.Id);
        Assert.That((stored.Status, stored.Attempt), Is.EqualTo((status, 1)));
    }

    [TestCase(RunStatus.Queued)]
    [TestCase(RunStatus.Succeeded)]
    [TestCase(RunStatus.Failed)]
    public async Task Only_a_running_run_goes_back_to_the_queue(RunStatus status)
    {
        await using var host = new RunTestHost();
        var now = host.Time.GetUtcNow();
        var run = await SeedAsync(host, r =>
        {
            if (status == RunStatus.Queued) return;
            r.MarkRunning(now - TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
            if (status == RunStatus.Succeeded) r.Complete(now);
            if (status == RunStatus.Failed) r.Fail(now, "x", "y");
            r.LeaseExpiresAt = now - TimeSpan.FromMinutes(4);
        });
        await host.DbAsync(db => db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, now - TimeSpan.FromMinutes(4))));

        var moved = await host.DbAsync(db => RunTransitions.RequeueExpiredAsync(db.Runs, run.Id, now, CancellationToken.None));
        Assert.That(moved, Is.Zero);
        Assert.That((await host.GetRunAsync(run.Id)).Status, Is.EqualTo(status));
    }

    [Test]
    public async Task A_move_the_state_machine_forbids_changes_no_row()
    {
        await using var host = new RunTestHost();
        var now = host.Time.GetUtcNow();
        var run = await SeedAsync(host, r => r.MarkRunning(now, TimeSpan.FromMinutes(1)));
        // Running -> Running is no transition in the state machine, so the database path refuses it as well.
        Assert.That(RunStateMachine.CanTransition(RunStatus.Running, RunStatus.Running), Is.False);
        var moved = await host.DbAsync(db => RunTransitions.MoveAsync(db.Runs.Where(r => r.Id == run.Id), RunStatus.Running, now, null, CancellationToken.None));
        Assert.That(moved, Is.Zero);
        Assert.That((await host.GetRunAsync(run.Id)).UpdatedAt, Is.EqualTo(now));
    }
}
