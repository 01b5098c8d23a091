using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.Runs.GetActiveRuns;

/// <summary>
/// Every Queued or Running run (both kinds) in every tenant the caller may see, oldest first, paged by page
/// number or by the cursor of a nextLink (runs that finish while a client pages never make it skip one).
/// </summary>
public sealed record GetActiveRunsQuery(int? Page = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null)
    : IQuery<PagedResult<ActiveRunDto>>;
