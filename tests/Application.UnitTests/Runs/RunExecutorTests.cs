using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

public sealed class RunExecutorTests
{
    private static RunItem Item(string key, RunItemStatus status, string? errorCode = null) =>
        new() { ItemKey = key, Status = status, ErrorCode = errorCode, Action = status == RunItemStatus.Failed ? RunItemAction.Failed : RunItemAction.Captured };

    [Test]
    public async Task Claims_once_so_a_second_consumer_of_the_same_message_does_nothing()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var executor = host.Services.GetRequiredService<RunExecutor>();
        var executions = 0;
        async Task Work(RunContext ctx, CancellationToken ct)
        {
            Interlocked.Increment(ref executions);
            await ctx.RecordItemAsync(Item("a", RunItemStatus.Succeeded), ct);
        }

        var results = await Task.WhenAll(
            Task.Run(() => executor.ExecuteAsync<BulkOperationRun>(run.Id, Work, CancellationToken.None)),
            Task.Run(() => executor.ExecuteAsync<BulkOperationRun>(run.Id, Work, CancellationToken.None)));

        Assert.That(results.Count(claimed => claimed), Is.EqualTo(1));
        Assert.That(executions, Is.EqualTo(1));
        var finished = await host.GetRunAsync(run.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(finished.Attempt, Is.EqualTo(1));
        // A redelivered message after the run finished does nothing either.
        Assert.That(await executor.ExecuteAsync<BulkOperationRun>(run.Id, Work, CancellationToken.None), Is.False);
        Assert.That(executions, Is.EqualTo(1));
    }

    [Test]
    public async Task Counts_are_derived_from_items_and_the_final_status_follows_the_rule()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var userId = Guid.NewGuid();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, userId: userId))).Run;
        await host.Services.GetRequiredService<RunExecutor>().ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            await ctx.SetTotalAsync(4, ct);
            await ctx.RecordItemAsync(Item("a", RunItemStatus.Succeeded), ct);
            await ctx.RecordItemAsync(Item("b", RunItemStatus.Failed, "graph.forbidden"), ct);
            await ctx.RecordItemAsync(Item("c", RunItemStatus.Skipped), ct);
            // Recording the same item again updates it (unique per run and key) rather than adding a row.
            await ctx.RecordItemAsync(Item("a", RunItemStatus.Succeeded), ct);
            await ctx.RecordItemAsync(Item("d", RunItemStatus.Failed, "graph.forbidden"), ct);
        }, CancellationToken.None);

        var finished = await host.GetRunAsync(run.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Partial));
        Assert.That((finished.Total, finished.Processed, finished.Succeeded, finished.Failed, finished.Skipped), Is.EqualTo((4, 4, 1, 2, 1)));
        Assert.That(finished.StartedAt, Is.Not.Null);
        Assert.That(finished.FinishedAt, Is.Not.Null);
        var items = await host.DbAsync(db => db.RunItems.Where(i => i.RunId == run.Id).ToListAsync());
        Assert.That(items, Has.Count.EqualTo(4));
        Assert.That(items.Single(i => i.ItemKey == "a").Attempts, Is.EqualTo(2));

        var notifications = await host.DbAsync(db => db.Notifications.Where(n => n.UserId == userId).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Select(n => n.Data).ToListAsync());
        Assert.That(notifications, Has.Count.EqualTo(3), "Queued, Running and the terminal transition; none per item");
        Assert.That(notifications.Count(n => n.Contains("\"status\":\"Queued\"")), Is.EqualTo(1));
        Assert.That(notifications.Count(n => n.Contains("\"status\":\"Running\"")), Is.EqualTo(1));
        var terminal = notifications.Single(n => n.Contains("\"status\":\"Partial\""));
        Assert.That(terminal, Does.Contain("\"failedItems\":2").And.Contain("\"mostCommonErrorCode\":\"graph.forbidden\""));
    }

    [Test]
    public async Task A_run_level_fault_fails_the_run_with_its_safe_code()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        await host.Services.GetRequiredService<RunExecutor>().ExecuteAsync<BulkOperationRun>(run.Id,
            (_, _) => throw new RunFaultException("graph.credentials_missing", "No Graph credentials for this tenant."), CancellationToken.None);
        var finished = await host.GetRunAsync(run.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(finished.FailureCode, Is.EqualTo("graph.credentials_missing"));
    }

    [Test]
    public async Task Cancel_requested_while_running_is_honoured_between_items()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var processed = new List<int>();
        await host.Services.GetRequiredService<RunExecutor>().ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            var sequential = new RunContextProbe(ctx);
            await ctx.SetTotalAsync(10, ct);
            foreach (var i in Enumerable.Range(0, 10))
            {
                await ctx.RefreshStopSignalsAsync(ct);
                if (ctx.StopRequested)
                {
                    break;
                }

                processed.Add(i);
                await ctx.RecordItemAsync(Item($"item-{i}", RunItemStatus.Succeeded), ct);
                if (i == 2)
                {
                    await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == run.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequestedAt, host.Time.GetUtcNow())));
                    host.Time.Advance(TimeSpan.FromSeconds(1));
                }
            }

            Assert.That(sequential.Run.Id, Is.EqualTo(run.Id));
        }, CancellationToken.None);

        Assert.That(processed, Is.EqualTo(new[] { 0, 1, 2 }));
        var finished = await host.GetRunAsync(run.Id);
        Assert.That(finished.Status, Is.EqualTo(RunStatus.Cancelled));
        Assert.That(finished.Succeeded, Is.EqualTo(3));
    }

    [Test]
    public async Task A_crash_releases_the_lease_so_the_sweeper_resumes_the_run()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var executor = host.Services.GetRequiredService<RunExecutor>();
        await executor.ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            await ctx.RecordItemAsync(Item("a", RunItemStatus.Succeeded), ct);
            throw new IOException("process died");
        }, CancellationToken.None);

        var crashed = await host.GetRunAsync(run.Id);
        Assert.That(crashed.Status, Is.EqualTo(RunStatus.Running));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var sweep = await host.WithScopeAsync(sp => sp.GetRequiredService<RunRecoverySweeper>().SweepAsync(CancellationToken.None));
        Assert.That(sweep.Requeued, Is.EqualTo(1));
        Assert.That(sweep.Republished, Is.EqualTo(1));

        var seen = new List<string>();
        await executor.ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            var existing = ctx.PreviousItems;
            seen.AddRange(existing.Keys);
            await ctx.RecordItemAsync(Item("b", RunItemStatus.Succeeded), ct);
        }, CancellationToken.None);
        var resumed = await host.GetRunAsync(run.Id);
        Assert.That(seen, Is.EqualTo(new[] { "a" }), "the resumed attempt sees the items already done");
        Assert.That(resumed.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(resumed.Attempt, Is.EqualTo(2));
        Assert.That(resumed.Succeeded, Is.EqualTo(2));
    }

    [Test]
    public async Task An_attempt_that_lost_the_run_writes_no_items_over_the_new_holders()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var leaseLost = false;
        await host.Services.GetRequiredService<RunExecutor>().ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            await ctx.RecordItemAsync(Item("a", RunItemStatus.Succeeded), ct);
            await ctx.FlushAsync(ct);

            // Its lease expired and another worker claimed the run (attempt 2) and wrote item b.
            await host.DbAsync(async db =>
            {
                await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Attempt, 2));
                db.RunItems.Add(new RunItem
                {
                    Id = Guid.NewGuid(), RunId = run.Id, RunKind = run.Kind, TenantId = tenant.Id, ItemKey = "b", Status = RunItemStatus.Failed,
                    Action = RunItemAction.Failed, ErrorCode = "graph.forbidden", Attempts = 1, UpdatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync();
                return 0;
            });

            await ctx.RecordItemAsync(Item("a", RunItemStatus.Failed, "graph.throttled"), ct);
            await ctx.RecordItemAsync(Item("b", RunItemStatus.Succeeded), ct);
            await ctx.FlushAsync(ct);
            leaseLost = ctx.LeaseLost;
        }, CancellationToken.None);

        Assert.That(leaseLost, Is.True, "the flush found the run held by another attempt");
        var items = await host.DbAsync(db => db.RunItems.Where(i => i.RunId == run.Id).OrderBy(i => i.ItemKey).ToListAsync());
        Assert.That(items.Select(i => (i.ItemKey, i.Status, i.Attempts)), Is.EqualTo(new[]
        {
            ("a", RunItemStatus.Succeeded, 1), // the loser's later outcome for a is not written over it
            ("b", RunItemStatus.Failed, 1),    // nor does it collide with the holder's b
        }));
        var after = await host.GetRunAsync(run.Id);
        Assert.That((after.Status, after.Attempt), Is.EqualTo((RunStatus.Running, 2)), "the loser does not finish the holder's run");
    }

    private sealed class RunContextProbe(RunContext context)
    {
        public BulkOperationRun Run => context.RunAs<BulkOperationRun>();
    }
}
