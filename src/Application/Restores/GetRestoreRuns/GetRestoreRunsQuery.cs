using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.GetRestoreRuns;

/// <summary>Restore runs and previews of the tenant, newest first.</summary>
public sealed record GetRestoreRunsQuery(
    Guid TenantId, bool? DryRun = null, RunStatus? Status = null, Guid? BackupSetId = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<PagedResult<RunDto>>;
