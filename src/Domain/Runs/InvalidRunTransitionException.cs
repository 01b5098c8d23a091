namespace TenantAtlas.Domain.Runs;

public sealed class InvalidRunTransitionException(RunStatus from, RunStatus to)
    : InvalidOperationException($"A run cannot move from {from} to {to}.")
{
    public RunStatus From { get; } = from;
    public RunStatus To { get; } = to;
}
