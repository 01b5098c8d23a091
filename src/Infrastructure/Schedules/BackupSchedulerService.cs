using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Schedules;

namespace TenantAtlas.Infrastructure.Schedules;

/// <summary>Runs the backup scheduler every Schedules:PollInterval in whichever process hosts consumers (the Worker, or the Api embedded).</summary>
internal sealed partial class BackupSchedulerService(
    BackupScheduler scheduler, IOptions<ScheduleOptions> options, TimeProvider time, ILogger<BackupSchedulerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                var claimed = await scheduler.TickAsync(stoppingToken);
                if (claimed > 0)
                {
                    LogClaimed(logger, claimed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTickFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Claimed} due slot(s) started")]
    private static partial void LogClaimed(ILogger logger, int claimed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler pass failed ({ErrorType})")]
    private static partial void LogTickFailed(ILogger logger, string errorType);
}
