using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.BackupSets.Create;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Drift;
using TenantAtlas.Application.Drift.Start;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Schedules;

namespace TenantAtlas.Application.Schedules;

/// <summary>
/// One pass of the scheduler: every enabled schedule whose NextRunAt has passed starts its slot through the same
/// use cases as a click (<see cref="CreateBackupSetCommandHandler"/>, <see cref="StartDriftCheckCommandHandler"/>,
/// hence <see cref="RunLauncher"/>: idempotency, the tenant queue and notifications are unchanged), acting as
/// <see cref="ScheduleActor"/>. Safe with any number of schedulers: a slot is claimed by inserting its
/// <see cref="ScheduleSlot"/> row, whose primary key (ScheduleId, SlotTime) lets exactly one insert win. After
/// downtime only the latest missed occurrence runs (at most one catch-up), then NextRunAt moves past now.
/// </summary>
public sealed partial class BackupScheduler(IServiceScopeFactory scopes, TimeProvider time, IOptions<ScheduleOptions> options, ILogger<BackupScheduler> logger)
{
    public const string NoPoliciesNote = "schedule.no_policies";
    private const int BatchSize = 200;

    /// <summary>Starts the due slots; answers how many slots this scheduler claimed.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
            due = await db.BackupSchedules.AsNoTracking()
                .Where(s => s.Enabled && s.NextRunAt != null && s.NextRunAt <= now)
                .OrderBy(s => s.NextRunAt).Select(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }

        var claimed = 0;
        foreach (var id in due)
        {
            try
            {
                if (await RunSlotAsync(id, now, cancellationToken))
                {
                    claimed++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogSlotFailed(logger, id, ex.GetType().Name);
            }
        }

        return claimed;
    }

    private async Task<bool> RunSlotAsync(Guid scheduleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<IAppDbContext>();
        var schedule = await db.BackupSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is not { Enabled: true, NextRunAt: { } dueAt } || dueAt > now)
        {
            return false;
        }

        var (cron, zone) = ScheduleTimes.Parse(schedule);
        var jitter = ScheduleCron.Jitter(schedule.Id, options.Value.JitterWindow);
        // Only the latest occurrence whose due time has passed: missed earlier ones are not caught up one by one.
        var slotTime = ScheduleCron.LatestOccurrence(cron, zone, dueAt - jitter, now - jitter);
        var next = ScheduleCron.NextDue(cron, zone, jitter, now);
        var claimed = slotTime is { } at && await ClaimAsync(db, schedule, at, now, cancellationToken) is { } slot
            && await StartAsync(services, db, schedule, slot, cancellationToken);

        // Every scheduler computes the same next due time; the guard keeps a concurrent PATCH's reschedule.
        await db.BackupSchedules.Where(s => s.Id == scheduleId && s.NextRunAt == dueAt)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextRunAt, next), cancellationToken);
        return claimed;
    }

    /// <summary>Inserts the slot row; null when another scheduler inserted it first.</summary>
    private static async Task<ScheduleSlot?> ClaimAsync(IAppDbContext db, Domain.Schedules.BackupSchedule schedule, DateTimeOffset slotTime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slot = new ScheduleSlot
        {
            ScheduleId = schedule.Id,
            SlotTime = slotTime,
            TenantId = schedule.TenantId,
            Mode = schedule.Mode,
            Outcome = ScheduleSlotOutcome.Claimed,
            ClaimedAt = now,
        };
        db.ScheduleSlots.Add(slot);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return slot;
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
        {
            return null;
        }
    }

    private async Task<bool> StartAsync(IServiceProvider services, IAppDbContext db, Domain.Schedules.BackupSchedule schedule, ScheduleSlot slot, CancellationToken cancellationToken)
    {
        var actor = new ScheduleActor(schedule);
        var launcher = ActivatorUtilities.CreateInstance<RunLauncher>(services, actor);
        var types = BackupScheduleDto.ReadTypes(schedule.PolicyTypes);
        var notes = new List<string>();

        if (schedule.Mode is ScheduleMode.DriftCheck or ScheduleMode.BackupThenDrift)
        {
            // Before the backup: the baseline is the latest Ready set, i.e. the previous backup.
            var drift = ActivatorUtilities.CreateInstance<StartDriftCheckCommandHandler>(services, launcher, actor);
            try
            {
                var run = await drift.Handle(new StartDriftCheckCommand(schedule.TenantId, BackupSetId: null, types), cancellationToken);
                slot.DriftRunId = run.Id;
                slot.BaselineBackupSetId = run.TargetId;
            }
            catch (ConflictException ex) when (ex.Code == DriftBaseline.NoBaselineCode)
            {
                notes.Add(DriftBaseline.NoBaselineCode);
            }
        }

        if (schedule.Mode is ScheduleMode.Backup or ScheduleMode.BackupThenDrift)
        {
            var backup = ActivatorUtilities.CreateInstance<CreateBackupSetCommandHandler>(services, launcher, actor);
            var local = TimeZoneInfo.ConvertTime(slot.SlotTime, ScheduleCron.TryFindTimeZone(schedule.TimeZone)!);
            var name = $"{schedule.Name} {local:yyyy-MM-dd HH:mm}";
            try
            {
                var started = await backup.Handle(new CreateBackupSetCommand(
                    schedule.TenantId, name.Length > 200 ? name[..200] : name, PolicyIds: null, All: true, types), cancellationToken);
                slot.BackupSetId = started.BackupSet.Id;
                slot.BackupRunId = started.Run.Id;
            }
            catch (ValidationException)
            {
                // No policies of the selected types are known (no inventory sync yet): nothing to capture.
                notes.Add(NoPoliciesNote);
            }
        }

        slot.Outcome = slot.BackupRunId is null && slot.DriftRunId is null ? ScheduleSlotOutcome.Skipped : ScheduleSlotOutcome.Started;
        slot.Note = notes.Count > 0 ? string.Join(' ', notes) : null;
        await db.SaveChangesAsync(cancellationToken);
        await db.BackupSchedules.Where(s => s.Id == schedule.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSlotAt, slot.SlotTime), cancellationToken);
        LogSlotStarted(logger, schedule.Id, schedule.TenantId, slot.SlotTime, slot.Outcome.ToString());
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} of tenant {TenantId}: slot {SlotTime} {Outcome}")]
    private static partial void LogSlotStarted(ILogger logger, Guid scheduleId, Guid tenantId, DateTimeOffset slotTime, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: starting its due slot failed ({ErrorType})")]
    private static partial void LogSlotFailed(ILogger logger, Guid scheduleId, string errorType);
}
