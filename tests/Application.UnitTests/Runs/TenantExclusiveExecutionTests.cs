using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>
/// Issue 16 item 2: at most one run works on a tenant at a time, across executors (each stands for a worker
/// process), and a crashed holder's lease expires so another run takes the tenant.
/// </summary>
public sealed class TenantExclusiveExecutionTests
{
    private static RunItem Item(string key) => new() { ItemKey = key, Status = RunItemStatus.Succeeded, Action = RunItemAction.Captured };

    [Test]
    public async Task A_second_run_of_a_busy_tenant_is_deferred_then_published_when_the_first_ends()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var first = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.PolicyCaptureSnapshot, Guid.NewGuid()))).Run;
        var second = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.PolicyCaptureSnapshot, Guid.NewGuid()))).Run;
        var workerA = host.Services.GetRequiredService<RunExecutor>();
        var workerB = new RunExecutor(
            host.Services.GetRequiredService<IServiceScopeFactory>(), host.Time,
            Microsoft.Extensions.Options.Options.Create(host.Options), Microsoft.Extensions.Logging.Abstractions.NullLogger<RunExecutor>.Instance);
        var holding = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var running = workerA.ExecuteAsync<BulkOperationRun>(first.Id, async (ctx, ct) =>
        {
            holding.SetResult();
            await finish.Task;
            await ctx.RecordItemAsync(Item("a"), ct);
        }, CancellationToken.None);
        await holding.Task;
        host.Published.Clear();

        var secondRan = false;
        var claimed = await workerB.ExecuteAsync<BulkOperationRun>(second.Id, (_, _) => { secondRan = true; return Task.CompletedTask; }, CancellationToken.None);

        Assert.That((claimed, secondRan), Is.EqualTo((false, false)), "the tenant is busy: the second run does not start");
        var deferred = await host.GetRunAsync(second.Id);
        Assert.That((deferred.Status, deferred.Attempt), Is.EqualTo((RunStatus.Queued, 0)), "deferred, not failed, no attempt spent");
        Assert.That(host.Published, Is.Empty, "nothing spins: no message is sent while the tenant is busy");

        finish.SetResult();
        Assert.That(await running, Is.True);
        Assert.That(host.Published.Select(m => m.RunId), Is.EqualTo(new[] { second.Id }), "the holder hands the tenant to the waiting run");
        Assert.That(await host.DbAsync(db => db.TenantLeases.CountAsync()), Is.Zero, "the lease is given up at the end");

        Assert.That(await workerB.ExecuteAsync<BulkOperationRun>(second.Id, (ctx, ct) => ctx.RecordItemAsync(Item("b"), ct), CancellationToken.None), Is.True);
        Assert.That((await host.GetRunAsync(second.Id)).Status, Is.EqualTo(RunStatus.Succeeded));
    }

    [Test]
    public async Task Runs_of_different_tenants_work_at_the_same_time()
    {
        await using var host = new RunTestHost();
        var one = await host.AddTenantAsync();
        var two = await host.AddTenantAsync();
        var first = (await host.StartAsync(RunTestHost.NewBulkRun(one.Id))).Run;
        var second = (await host.StartAsync(RunTestHost.NewBulkRun(two.Id))).Run;
        var executor = host.Services.GetRequiredService<RunExecutor>();
        var bothIn = new TaskCompletionSource();
        var inside = 0;
        async Task Work(RunContext ctx, CancellationToken ct)
        {
            if (Interlocked.Increment(ref inside) == 2)
            {
                bothIn.SetResult();
            }

            await bothIn.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await ctx.RecordItemAsync(Item("x"), ct);
        }

        var results = await Task.WhenAll(
            executor.ExecuteAsync<BulkOperationRun>(first.Id, Work, CancellationToken.None),
            executor.ExecuteAsync<BulkOperationRun>(second.Id, Work, CancellationToken.None));
        Assert.That(results, Is.All.True);
    }

    [Test]
    public async Task A_crashed_holders_lease_expires_and_another_run_takes_the_tenant()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var now = host.Time.GetUtcNow();
        // A worker that died while holding the tenant: its row stays until it expires.
        await host.DbAsync(async db =>
        {
            db.TenantLeases.Add(new TenantLease { TenantId = tenant.Id, HolderId = Guid.NewGuid(), RunId = Guid.NewGuid(), ExpiresAt = now + host.Options.Lease });
            return await db.SaveChangesAsync();
        });
        var executor = host.Services.GetRequiredService<RunExecutor>();
        Assert.That(await executor.ExecuteAsync<BulkOperationRun>(run.Id, (ctx, ct) => ctx.RecordItemAsync(Item("a"), ct), CancellationToken.None), Is.False);

        host.Time.Advance(host.Options.Lease + TimeSpan.FromSeconds(1));
        Assert.That(await executor.ExecuteAsync<BulkOperationRun>(run.Id, (ctx, ct) => ctx.RecordItemAsync(Item("a"), ct), CancellationToken.None), Is.True);
        Assert.That((await host.GetRunAsync(run.Id)).Status, Is.EqualTo(RunStatus.Succeeded));
    }

    [Test]
    public async Task A_duplicate_delivery_of_a_running_run_does_not_release_its_tenant()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var executor = host.Services.GetRequiredService<RunExecutor>();
        var holding = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var running = executor.ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            holding.SetResult();
            await finish.Task;
        }, CancellationToken.None);
        await holding.Task;

        Assert.That(await executor.ExecuteAsync<BulkOperationRun>(run.Id, (_, _) => Task.CompletedTask, CancellationToken.None), Is.False);
        Assert.That(await host.DbAsync(db => db.TenantLeases.CountAsync(l => l.TenantId == tenant.Id)), Is.EqualTo(1), "the holder keeps the tenant");
        finish.SetResult();
        Assert.That(await running, Is.True);
    }
}
