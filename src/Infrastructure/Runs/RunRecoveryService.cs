using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Runs.Engine;

namespace TenantAtlas.Infrastructure.Runs;

/// <summary>Runs the recovery sweeper every Runs:SweepInterval in whichever process hosts consumers.</summary>
internal sealed partial class RunRecoveryService(
    IServiceScopeFactory scopes, IOptions<RunOptions> options, TimeProvider time, ILogger<RunRecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<RunRecoverySweeper>().SweepAsync(stoppingToken);
                if (result.Republished + result.Requeued + result.Abandoned > 0)
                {
                    LogSwept(logger, result.Republished, result.Requeued, result.Abandoned);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSweepFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run recovery: {Republished} republished, {Requeued} requeued, {Abandoned} abandoned")]
    private static partial void LogSwept(ILogger logger, int republished, int requeued, int abandoned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run recovery sweep failed ({ErrorType})")]
    private static partial void LogSweepFailed(ILogger logger, string errorType);
}
