using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Policies.Capture;
using TenantAtlas.Application.Policies.CaptureSnapshot;
using TenantAtlas.Application.Policies.Sync;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddApplication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>)];
        });
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddOptions<RunOptions>().BindConfiguration(RunOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RunLauncher>();
        services.AddScoped<RunRecoverySweeper>();
        services.AddScoped<Security.ITenantAccess, Security.TenantAccess>();
        services.AddSingleton<RunExecutor>();
        services.AddScoped<RunFinalization>();
        services.AddSingleton<IRunFinishedHandler, BackupSetRunFinishedHandler>();
        services.AddSingleton<IRunFinishedHandler, Restores.RestoreFinishedAuditHandler>();
        services.AddSingleton<DiagnosticPingJob>();
        services.AddScoped<Restores.RestoreRunStarter>();
        services.AddScoped<Restores.ExecuteRestoreRunJob>();
        services.AddScoped<Restores.GenerateRestorePreviewJob>();

        // Capture and inventory (issues 5 and 6): jobs are singletons; Graph access goes through IGraphReader.
        services.AddSingleton<PolicyCapture>();
        services.AddSingleton<Restores.RestoreInventory>();
        services.AddSingleton<BackupSetCapture>();
        services.AddSingleton<SyncPolicyInventoryJob>();
        services.AddSingleton<CapturePolicySnapshotJob>();
        services.AddSingleton<CaptureBackupSetJob>();
        services.AddSingleton<AddPoliciesToBackupSetJob>();
        return builder;
    }
}
