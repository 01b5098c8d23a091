namespace TenantAtlas.Application.Runs.Engine;

public sealed record RunSweepResult(int Republished, int Requeued, int Abandoned);
