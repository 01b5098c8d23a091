using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Domain.UnitTests.Runs;

public sealed class RunTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static BulkOperationRun NewRun() => new()
    {
        Id = Guid.NewGuid(), TenantId = Guid.NewGuid(), Operation = RunOperations.PolicySync, IdempotencyKey = "k", RequestedBy = "system",
    };

    [Test]
    public void Marking_running_sets_lease_start_and_attempt()
    {
        var run = NewRun();
        run.MarkRunning(Now, TimeSpan.FromMinutes(2));
        Assert.That(run.Status, Is.EqualTo(RunStatus.Running));
        Assert.That(run.StartedAt, Is.EqualTo(Now));
        Assert.That(run.LeaseExpiresAt, Is.EqualTo(Now.AddMinutes(2)));
        Assert.That(run.Attempt, Is.EqualTo(1));
    }

    [Test]
    public void Complete_derives_the_final_status_from_counts()
    {
        var run = NewRun();
        run.MarkRunning(Now, TimeSpan.FromMinutes(1));
        run.SetCounts(total: 4, succeeded: 2, failed: 1, skipped: 1);
        run.Complete(Now.AddSeconds(5));
        Assert.That(run.Status, Is.EqualTo(RunStatus.Partial));
        Assert.That(run.Processed, Is.EqualTo(4));
        Assert.That(run.FinishedAt, Is.EqualTo(Now.AddSeconds(5)));
        Assert.That(run.LeaseExpiresAt, Is.Null);
    }

    [Test]
    public void A_finished_run_cannot_be_cancelled_or_completed_again()
    {
        var run = NewRun();
        run.MarkRunning(Now, TimeSpan.FromMinutes(1));
        run.Complete(Now);
        Assert.Throws<InvalidRunTransitionException>(() => run.Cancel(Now));
        Assert.Throws<InvalidRunTransitionException>(() => run.Complete(Now));
        Assert.Throws<InvalidRunTransitionException>(() => run.ReturnToQueue(Now));
        Assert.That(run.Status, Is.EqualTo(RunStatus.Succeeded));
    }

    [Test]
    public void Fail_records_a_safe_code_and_message()
    {
        var run = NewRun();
        run.Fail(Now, "run.abandoned", "The run was abandoned after 3 attempt(s).");
        Assert.That(run.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(run.FailureCode, Is.EqualTo("run.abandoned"));
        Assert.That(run.FinishedAt, Is.EqualTo(Now));
    }

    [Test]
    public void A_queued_run_cannot_finish_without_running()
    {
        var run = NewRun();
        Assert.Throws<InvalidRunTransitionException>(() => run.Complete(Now));
        Assert.Throws<InvalidRunTransitionException>(() => run.ReturnToQueue(Now));
    }

    [Test]
    public void Restore_run_operation_follows_dry_run()
    {
        Assert.That(RestoreRun.OperationFor(dryRun: true), Is.EqualTo(RunOperations.RestorePreview));
        Assert.That(RestoreRun.OperationFor(dryRun: false), Is.EqualTo(RunOperations.Restore));
    }
}
