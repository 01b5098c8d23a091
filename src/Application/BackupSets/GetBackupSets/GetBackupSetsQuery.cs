using Mediator;
using TenantAtlas.Application.Common;
using TenantAtlas.Domain.Backups;

namespace TenantAtlas.Application.BackupSets.GetBackupSets;

/// <summary>Backup sets of the tenant, newest first; optional status filter.</summary>
public sealed record GetBackupSetsQuery(Guid TenantId, BackupSetStatus? Status = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<PagedResult<BackupSetDto>>;
