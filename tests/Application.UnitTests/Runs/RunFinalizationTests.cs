using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Application.Runs;
using TenantAtlas.Application.Runs.CancelRun;
using TenantAtlas.Domain.Backups;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.UnitTests.Runs;

/// <summary>A backup set never stays Capturing once its run has ended, whichever path ended it.</summary>
public sealed class RunFinalizationTests
{
    private static async Task<(BackupSet Set, BulkOperationRun Run)> StartCaptureAsync(RunTestHost host)
    {
        var tenant = await host.AddTenantAsync();
        var set = new BackupSet { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Nightly", Status = BackupSetStatus.Capturing, CreatedBy = "system", CreatedAt = host.Time.GetUtcNow() };
        await host.DbAsync(async db => { db.BackupSets.Add(set); await db.SaveChangesAsync(); return 0; });
        var run = (await host.StartAsync(RunTestHost.NewBulkRun(tenant.Id, RunOperations.BackupSetCapture, set.Id))).Run;
        return (set, run);
    }

    private static Task<BackupSetStatus> SetStatusAsync(RunTestHost host, Guid setId) =>
        host.DbAsync(db => db.BackupSets.Where(s => s.Id == setId).Select(s => s.Status).FirstAsync());

    [Test]
    public async Task An_abandoned_capture_run_fails_its_empty_backup_set()
    {
        await using var host = new RunTestHost();
        var (set, run) = await StartCaptureAsync(host);
        await host.DbAsync(db => db.Runs.OfType<BulkOperationRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RunStatus.Running)
            .SetProperty(r => r.Attempt, host.Options.MaxAttempts)
            .SetProperty(r => r.LeaseExpiresAt, host.Time.GetUtcNow().AddSeconds(-1))));

        var result = await host.WithScopeAsync(sp => sp.GetRequiredService<RunRecoverySweeper>().SweepAsync(CancellationToken.None));

        Assert.That(result.Abandoned, Is.EqualTo(1));
        Assert.That(await SetStatusAsync(host, set.Id), Is.EqualTo(BackupSetStatus.Failed));
    }

    [Test]
    public async Task Cancelling_a_queued_capture_run_fails_its_empty_backup_set()
    {
        await using var host = new RunTestHost();
        var (set, run) = await StartCaptureAsync(host);
        var cancelled = await host.WithScopeAsync(async sp =>
            await new CancelRunCommandHandler(sp.GetRequiredService<TenantAtlas.Application.Common.IAppDbContext>(), sp.GetRequiredService<RunFinalization>(), host.Time)
                .Handle(new CancelRunCommand(run.TenantId, run.Id), CancellationToken.None));

        Assert.That(cancelled.Status, Is.EqualTo(RunStatus.Cancelled));
        Assert.That(await SetStatusAsync(host, set.Id), Is.EqualTo(BackupSetStatus.Failed));
    }

    [Test]
    public async Task Other_runs_leave_backup_sets_alone()
    {
        await using var host = new RunTestHost();
        var (set, _) = await StartCaptureAsync(host);
        var sync = (await host.StartAsync(RunTestHost.NewBulkRun(set.TenantId))).Run;
        await host.WithScopeAsync(async sp =>
            await new CancelRunCommandHandler(sp.GetRequiredService<TenantAtlas.Application.Common.IAppDbContext>(), sp.GetRequiredService<RunFinalization>(), host.Time)
                .Handle(new CancelRunCommand(sync.TenantId, sync.Id), CancellationToken.None));
        Assert.That(await SetStatusAsync(host, set.Id), Is.EqualTo(BackupSetStatus.Capturing));
    }
}
