using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;
using TenantAtlas.Infrastructure.Messaging;

namespace TenantAtlas.Infrastructure.Runs;

/// <summary>
/// Refuses to start a host whose run kinds are incomplete: a declaration without job, message or retry
/// rule, an operation without declaration, a job the container cannot build, or (in a process that hosts
/// consumers) a declared message without its consumer. A forgotten registration fails here, not at run time.
/// </summary>
public sealed class RunKindsStartupCheck(IServiceScopeFactory scopes, RunConsumerCatalog consumers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = Check(RunKinds.All, RunOperations.All, scopes, consumers);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Run kinds are incomplete: " + string.Join(" ", problems));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static IReadOnlyList<string> Check(
        IReadOnlyList<RunKindDefinition> kinds, IEnumerable<string> operations, IServiceScopeFactory scopes, RunConsumerCatalog consumers)
    {
        var problems = RunKinds.Validate(kinds, operations).ToList();
        using var scope = scopes.CreateScope();
        foreach (var kind in kinds.Where(k => k.JobType is not null))
        {
            try
            {
                if (scope.ServiceProvider.GetService(kind.JobType) is not IRunJob)
                {
                    problems.Add($"Run kind '{kind.Operation}': its job {kind.JobType.Name} is not registered.");
                }
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"Run kind '{kind.Operation}': its job {kind.JobType.Name} cannot be built ({ex.Message}).");
            }
        }

        if (consumers.HostsConsumers)
        {
            foreach (var kind in kinds.Where(k => k.MessageType is not null && !consumers.Messages.Contains(k.MessageType)))
            {
                problems.Add($"Run kind '{kind.Operation}': no consumer of {kind.MessageType.Name} is registered.");
            }
        }

        return problems;
    }
}
