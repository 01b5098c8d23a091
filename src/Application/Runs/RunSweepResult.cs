namespace TenantAtlas.Application.Runs;

public sealed record RunSweepResult(int Republished, int Requeued, int Abandoned);
