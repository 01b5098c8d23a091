namespace TenantAtlas.Application.Runs.Engine;

/// <summary>Safe failure codes of runs and items.</summary>
public static class RunFailure
{
    public const string Abandoned = "run.abandoned";
    public const string InternalError = "run.internal_error";
    public const string TargetNotFound = "run.target_not_found";
    /// <summary>The run's operation has no run kind declaration (a run written by another version of the service).</summary>
    public const string UnknownKind = "run.unknown_kind";
}
