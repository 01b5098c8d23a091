using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Application.BackupSets.GetBackupSetItems;

public sealed class GetBackupSetItemsQueryHandler(IAppDbContext db) : IQueryHandler<GetBackupSetItemsQuery, PagedResult<BackupItemDto>>
{
    public async ValueTask<PagedResult<BackupItemDto>> Handle(GetBackupSetItemsQuery query, CancellationToken cancellationToken)
    {
        var exists = await db.BackupSets.AsNoTracking()
            .AnyAsync(s => s.Id == query.BackupSetId && s.TenantId == query.TenantId, cancellationToken);
        if (!exists)
        {
            throw new NotFoundException("Backup set", query.BackupSetId);
        }

        var items = db.BackupItems.AsNoTracking().Where(i => i.BackupSetId == query.BackupSetId && i.TenantId == query.TenantId);
        if (query.PolicyType is { } type)
        {
            var name = PolicyTypes.Get(type).Name;
            items = items.Where(i => i.PolicyType == name);
        }

        var total = await items.CountAsync(cancellationToken);
        var page = await items.OrderBy(i => i.PolicyType).ThenBy(i => i.DisplayName).ThenBy(i => i.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Join(db.PolicyVersions, i => i.PolicyVersionId, v => v.Id, (i, v) => new BackupItemDto(
                i.Id, i.PolicyId, i.PolicyType, i.GraphId, i.DisplayName, i.PolicyVersionId, v.VersionNumber, i.CapturedAt))
            .ToListAsync(cancellationToken);
        return PagedResult.Offset(page, query.Page, query.PageSize, total);
    }
}
