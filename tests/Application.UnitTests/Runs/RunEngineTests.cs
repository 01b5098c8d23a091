using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>The second edition of the engine: flat per-item cost, the restore journal, interruptions, abandon.</summary>
public sealed class RunEngineTests
{
    private static RunItem Item(string key, RunItemStatus status) =>
        new() { ItemKey = key, Status = status, Action = status == RunItemStatus.Pending ? RunItemAction.Created : RunItemAction.Captured };

    private static async Task<(int Commands, BulkOperationRun Run)> RecordAsync(int items)
    {
        await using var host = new RunTestHost(new RunOptions
        {
            Lease = TimeSpan.FromMinutes(1), MaxAttempts = 3, RequeueAfter = TimeSpan.FromMinutes(1), ItemParallelism = 4, ItemFlushBatchSize = 100,
        });
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        host.Commands.Reset();
        await host.Services.GetRequiredService<RunExecutor>().ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            await ctx.SetTotalAsync(items, ct);
            await ctx.ForEachItemAsync(Enumerable.Range(0, items), (i, c) => ctx.RecordItemAsync(Item($"p-{i:D6}", RunItemStatus.Succeeded), c), ct);
        }, CancellationToken.None);
        var commands = host.Commands.Total;
        return (commands, await host.GetRunAsync(run.Id));
    }

    [Test]
    public async Task Database_statements_per_item_do_not_grow_with_the_size_of_the_run()
    {
        var (small, smallRun) = await RecordAsync(200);
        var (large, largeRun) = await RecordAsync(2000);
        Assert.That((smallRun.Status, smallRun.Succeeded), Is.EqualTo((RunStatus.Succeeded, 200)));
        Assert.That((largeRun.Status, largeRun.Succeeded, largeRun.Processed), Is.EqualTo((RunStatus.Succeeded, 2000, 2000)));
        var perItemSmall = (double)small / 200;
        var perItemLarge = (double)large / 2000;
        // SQLite sends one INSERT per row; the run's own bookkeeping is a few statements per batch of 100, not per item.
        Assert.That(perItemLarge, Is.LessThanOrEqualTo(perItemSmall * 1.1), $"{small} commands for 200 items, {large} for 2000");
        Assert.That(perItemLarge, Is.LessThan(1.2), $"{large} commands for 2000 items");
    }

    [Test]
    public async Task A_pending_item_is_in_the_database_before_the_job_goes_on()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        RunItemStatus? seenBeforeWrite = null;
        RunItemStatus? bufferedSeen = RunItemStatus.Failed;
        await host.Services.GetRequiredService<RunExecutor>().ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
        {
            await ctx.RecordItemAsync(Item("done", RunItemStatus.Succeeded), ct);
            bufferedSeen = await host.DbAsync(db => db.RunItems.Where(i => i.RunId == run.Id && i.ItemKey == "done").Select(i => (RunItemStatus?)i.Status).FirstOrDefaultAsync());
            // The journal entry of a write: it must be durable before the write is sent.
            await ctx.RecordItemAsync(Item("journal", RunItemStatus.Pending), ct);
            seenBeforeWrite = await host.DbAsync(db => db.RunItems.Where(i => i.RunId == run.Id && i.ItemKey == "journal").Select(i => (RunItemStatus?)i.Status).FirstOrDefaultAsync());
            await ctx.RecordItemAsync(Item("journal", RunItemStatus.Succeeded), ct);
        }, CancellationToken.None);

        Assert.That(bufferedSeen, Is.Null, "a finished item waits for its batch");
        Assert.That(seenBeforeWrite, Is.EqualTo(RunItemStatus.Pending));
        var items = await host.DbAsync(db => db.RunItems.Where(i => i.RunId == run.Id).OrderBy(i => i.ItemKey).ToListAsync());
        Assert.That(items.Select(i => (i.ItemKey, i.Status, i.Attempts)), Is.EqualTo(new[]
        {
            ("done", RunItemStatus.Succeeded, 1),
            ("journal", RunItemStatus.Succeeded, 2),
        }));
        var finished = await host.GetRunAsync(run.Id);
        Assert.That((finished.Status, finished.Succeeded, finished.Processed), Is.EqualTo((RunStatus.Succeeded, 2, 2)));
    }

    [Test]
    public async Task An_interruption_the_worker_observes_hands_the_run_back_without_spending_its_attempt()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var executor = host.Services.GetRequiredService<RunExecutor>();
        for (var blip = 0; blip < 5; blip++)
        {
            using var stopping = new CancellationTokenSource();
            var key = $"item-{blip}";
            await executor.ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
            {
                await ctx.RecordItemAsync(Item(key, RunItemStatus.Succeeded), ct);
                await stopping.CancelAsync();
                ct.ThrowIfCancellationRequested();
            }, stopping.Token);

            var released = await host.GetRunAsync(run.Id);
            Assert.That((released.Status, released.Attempt, released.LeaseExpiresAt), Is.EqualTo((RunStatus.Queued, 0, (DateTimeOffset?)null)),
                $"blip {blip}: back to the queue, attempt not spent");
        }

        // Five blips (more than MaxAttempts) and the run still finishes, keeping what each attempt did.
        await executor.ExecuteAsync<BulkOperationRun>(run.Id, (ctx, ct) => ctx.RecordItemAsync(Item("last", RunItemStatus.Succeeded), ct), CancellationToken.None);
        var finished = await host.GetRunAsync(run.Id);
        Assert.That((finished.Status, finished.Attempt, finished.Succeeded), Is.EqualTo((RunStatus.Succeeded, 1, 6)));
    }

    [Test]
    public async Task An_abandoned_run_takes_its_counts_from_its_items()
    {
        await using var host = new RunTestHost();
        var tenant = await host.AddTenantAsync();
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id))).Run;
        var executor = host.Services.GetRequiredService<RunExecutor>();
        for (var attempt = 1; attempt <= host.Options.MaxAttempts; attempt++)
        {
            var n = attempt;
            // Each attempt records an item and then dies without a word (its buffered items were flushed by the crash path).
            await executor.ExecuteAsync<BulkOperationRun>(run.Id, async (ctx, ct) =>
            {
                await ctx.RecordItemAsync(Item($"item-{n}", RunItemStatus.Succeeded), ct);
                throw new IOException("process died");
            }, CancellationToken.None);
            // The last attempt's counts never reached the run row.
            await host.DbAsync(db => db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Succeeded, 0).SetProperty(r => r.Processed, 0)));
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await host.WithScopeAsync(sp => sp.GetRequiredService<RunRecoverySweeper>().SweepAsync(CancellationToken.None));
        }

        var abandoned = await host.GetRunAsync(run.Id);
        Assert.That((abandoned.Status, abandoned.FailureCode), Is.EqualTo((RunStatus.Failed, RunFailure.Abandoned)));
        Assert.That((abandoned.Succeeded, abandoned.Processed), Is.EqualTo((3, 3)), "counts reconciled with the three recorded items");
    }
}
