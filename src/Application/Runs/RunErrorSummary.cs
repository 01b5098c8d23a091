namespace TenantAtlas.Application.Runs;

public sealed record RunErrorSummary(int FailedItems, string? MostCommonErrorCode);
