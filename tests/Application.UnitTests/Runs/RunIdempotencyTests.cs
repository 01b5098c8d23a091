using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Contracts;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using Moq;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>Spec T007/T010/T019: key building and create-or-reuse while Queued or Running.</summary>
public sealed class RunIdempotencyTests
{
    private static readonly Guid Tenant = Guid.Parse("0b9e6f5e-25c7-4a49-9d51-0c1a3f0e1a11");
    private static readonly Guid Target = Guid.Parse("7d1b3b0a-2f5e-4b0e-9c55-3a6f0e9b2c22");

    [Test]
    public void Key_has_tenant_operation_and_target()
    {
        Assert.That(RunIdempotency.BuildKey(Tenant, RunOperations.PolicyCaptureSnapshot, Target),
            Is.EqualTo($"{Tenant}:policy.capture_snapshot:{Target}"));
        Assert.That(RunIdempotency.BuildKey(Tenant, RunOperations.PolicySync, null), Is.EqualTo($"{Tenant}:policy.sync:-"));
        Assert.That(RunIdempotency.BuildKey(Tenant, RunOperations.Restore, Target, "abc"), Is.EqualTo($"{Tenant}:restore.execute:{Target}:abc"));
    }

    [Test]
    public void Same_scope_in_any_order_gives_the_same_hash()
    {
        var a = RunIdempotency.ScopeHash(["b", "a", "c"], ("dryRun", false), ("includeAssignments", true));
        var b = RunIdempotency.ScopeHash(["c", "A", "b", "a"], ("includeAssignments", true), ("dryRun", false));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Has.Length.EqualTo(64));
    }

    [Test]
    public void Different_scope_dry_run_or_flags_give_another_hash()
    {
        var baseline = RunIdempotency.ScopeHash(["a", "b"], ("dryRun", false), ("includeAssignments", true));
        Assert.That(RunIdempotency.ScopeHash(["a"], ("dryRun", false), ("includeAssignments", true)), Is.Not.EqualTo(baseline));
        Assert.That(RunIdempotency.ScopeHash(["a", "b"], ("dryRun", true), ("includeAssignments", true)), Is.Not.EqualTo(baseline));
        Assert.That(RunIdempotency.ScopeHash(["a", "b"], ("dryRun", false), ("includeAssignments", false)), Is.Not.EqualTo(baseline));
        Assert.That(RunIdempotency.ScopeHash(null, ("dryRun", false), ("includeAssignments", true)), Is.Not.EqualTo(baseline));
    }

    [Test]
    public void Different_tenant_gives_another_key()
    {
        var hash = RunIdempotency.ScopeHash(["a"]);
        Assert.That(RunIdempotency.BuildKey(Guid.NewGuid(), RunOperations.Restore, Target, hash),
            Is.Not.EqualTo(RunIdempotency.BuildKey(Tenant, RunOperations.Restore, Target, hash)));
    }

    [Test]
    public async Task Second_start_returns_the_active_run_when_one_is_queued()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var first = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.PolicyCaptureSnapshot, Target));
        var second = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.PolicyCaptureSnapshot, Target));

        Assert.That(first.Reused, Is.False);
        Assert.That(second.Reused, Is.True);
        Assert.That(second.Run.Id, Is.EqualTo(first.Run.Id));
        Assert.That(await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.EqualTo(1));
        Assert.That(host.Published.OfType<CapturePolicySnapshot>().Select(m => m.RunId), Is.EqualTo(new[] { first.Run.Id }),
            "only the created run is published");
    }

    [Test]
    public async Task Second_start_returns_the_active_run_when_one_is_running()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var first = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id));
        await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == first.Run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running)));

        var second = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id));
        Assert.That(second.Reused, Is.True);
        Assert.That(second.Run.Id, Is.EqualTo(first.Run.Id));
    }

    [TestCase(RunStatus.Succeeded)]
    [TestCase(RunStatus.Failed)]
    [TestCase(RunStatus.Cancelled)]
    [TestCase(RunStatus.Partial)]
    public async Task A_finished_run_is_not_reused(RunStatus finished)
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var first = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id));
        await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == first.Run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, finished)));

        var second = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id));
        Assert.That(second.Reused, Is.False);
        Assert.That(second.Run.Id, Is.Not.EqualTo(first.Run.Id));
    }

    [Test]
    public async Task Different_targets_or_tenants_create_separate_runs()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var other = await host.AddTenantAsync();
        var a = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.PolicyCaptureSnapshot, Guid.NewGuid()));
        var b = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.PolicyCaptureSnapshot, Guid.NewGuid()));
        var c = await host.StartAsync(RunTestHost.NewBulkRun(other.Id, RunOperations.PolicyCaptureSnapshot, a.Run.TargetId));
        Assert.That(new[] { a.Reused, b.Reused, c.Reused }, Is.All.False);
        Assert.That(await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.EqualTo(3));
    }

    [Test]
    public async Task Concurrent_identical_starts_create_exactly_one_run()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.PolicyCaptureSnapshot, Target)))));

        Assert.That(results.Select(r => r.Run.Id).Distinct().Count(), Is.EqualTo(1));
        Assert.That(results.Count(r => !r.Reused), Is.EqualTo(1));
        Assert.That(await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().CountAsync()), Is.EqualTo(1));
    }

    [Test]
    public async Task Created_run_is_queued_with_a_notification_for_the_requester()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var userId = Guid.NewGuid();
        var started = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, userId: userId));
        var run = await host.GetRunAsync(started.Run.Id);
        Assert.That(run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(run.DispatchedAt, Is.Not.Null);
        var notifications = await host.DbAsync(db => db.Notifications.Where(n => n.UserId == userId).ToListAsync());
        Assert.That(notifications, Has.Count.EqualTo(1));
        Assert.That(notifications[0].Data, Does.Contain("\"status\":\"Queued\"").And.Contain($"/api/v1/tenants/{tenant.Id}/runs/{run.Id}"));
    }

    [Test]
    public async Task Start_succeeds_and_leaves_the_run_undispatched_when_the_broker_fails()
    {
        await using var host = new RunTestHost();
        host.Dispatcher.Setup(d => d.PublishAsync(It.IsAny<IRunMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("broker down"));
        var tenant = await host.AddTenantAsync();
        var started = await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id));
        var run = await host.GetRunAsync(started.Run.Id);
        Assert.That(run.Status, Is.EqualTo(RunStatus.Queued));
        Assert.That(run.DispatchedAt, Is.Null, "the sweeper publishes it later");
    }
}
