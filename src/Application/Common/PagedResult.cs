namespace TenantAtlas.Application.Common;

/// <summary>A page of results. Page numbers start at 1.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);
