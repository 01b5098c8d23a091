using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TenantAtlas.Application.BackupSets.Capture;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Policies.Capture;
using TenantAtlas.Application.Runs.Engine;

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
        services.AddScoped<Restores.RestoreRunStarter>();
        services.AddSingleton<Restores.CrossTenant.CrossTenantReferences>();
        services.AddSingleton<PolicyCapture>();
        services.AddSingleton<Restores.RestoreInventory>();
        services.AddSingleton<BackupSetCapture>();
        services.AddOptions<Schedules.ScheduleOptions>().BindConfiguration(Schedules.ScheduleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Schedules.BackupScheduler>();
        services.AddScoped<Schedules.Retention.BackupRetention>();
        services.AddSingleton<IRunFinishedHandler, Drift.DriftRunFinishedHandler>();

        // Every run kind's job, from the one list of declarations (resolved per run from its own scope).
        var problems = RunKinds.Validate(RunKinds.All, Domain.Runs.RunOperations.All);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The run kind declarations are incomplete: " + string.Join(" ", problems));
        }

        foreach (var kind in RunKinds.All)
        {
            services.AddScoped(kind.JobType);
        }

        return builder;
    }
}
