namespace TenantAtlas.Application.Runs.Engine;

/// <summary>
/// The work of one run kind. The executor claims the run, resolves the kind's job from a fresh scope and
/// calls it with the run's context; the job records its items there and never touches the run's status.
/// </summary>
public interface IRunJob
{
    Task RunAsync(RunContext context, CancellationToken cancellationToken);
}
