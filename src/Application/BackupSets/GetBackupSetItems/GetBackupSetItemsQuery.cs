using Mediator;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.BackupSets.GetBackupSetItems;

/// <summary>Items of a backup set by type and name; optional type filter.</summary>
public sealed record GetBackupSetItemsQuery(Guid TenantId, Guid BackupSetId, string? PolicyType = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IQuery<PagedResult<BackupItemDto>>;
