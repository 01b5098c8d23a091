namespace TenantAtlas.Application.Runs;

/// <summary>Safe failure codes of runs and items.</summary>
public static class RunFailure
{
    public const string Abandoned = "run.abandoned";
    public const string InternalError = "run.internal_error";
    public const string TargetNotFound = "run.target_not_found";
}
