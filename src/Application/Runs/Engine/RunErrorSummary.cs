namespace TenantAtlas.Application.Runs.Engine;

public sealed record RunErrorSummary(int FailedItems, string? MostCommonErrorCode);
