using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Runs.GetRuns;

/// <summary>Runs of the tenant, newest first, paged by page number or by the cursor of a nextLink.</summary>
public sealed record GetRunsQuery(
    Guid TenantId, RunKind? Kind, string? Operation, RunStatus? Status, int? Page = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null)
    : IQuery<PagedResult<RunDto>>;
