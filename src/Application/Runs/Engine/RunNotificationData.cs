namespace TenantAtlas.Application.Runs.Engine;

/// <summary>The JSON body of a run notification. Only safe values: codes and counts, never Graph messages.</summary>
public sealed record RunNotificationData(
    Guid RunId,
    string RunKind,
    string Operation,
    string Status,
    int Total,
    int Processed,
    int Succeeded,
    int Failed,
    int Skipped,
    string? FailureCode,
    int FailedItems,
    string? MostCommonErrorCode,
    string Link);
