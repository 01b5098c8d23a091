using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.GetRestoreRuns;

/// <summary>Restore runs and previews of the tenant, newest first, paged by page number or by the cursor of a nextLink.</summary>
public sealed record GetRestoreRunsQuery(
    Guid TenantId, bool? DryRun = null, RunStatus? Status = null, Guid? BackupSetId = null,
    int? Page = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null)
    : IQuery<PagedResult<RunDto>>;
