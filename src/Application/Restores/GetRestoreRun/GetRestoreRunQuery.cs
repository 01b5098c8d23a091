using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.GetRestoreRun;

/// <summary>A restore run or preview with its stored per-item results and diffs, paged (never regenerated on view).</summary>
public sealed record GetRestoreRunQuery(
    Guid TenantId, Guid RunId, RunItemStatus? ItemStatus = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<RunDetailsDto>;
