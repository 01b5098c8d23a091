using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;

namespace TenantAtlas.Application.BackupSets.GetBackupSets;

public sealed class GetBackupSetsQueryHandler(IAppDbContext db) : IQueryHandler<GetBackupSetsQuery, PagedResult<BackupSetDto>>
{
    public async ValueTask<PagedResult<BackupSetDto>> Handle(GetBackupSetsQuery query, CancellationToken cancellationToken)
    {
        var sets = db.BackupSets.AsNoTracking().Where(s => s.TenantId == query.TenantId);
        if (query.Status is { } status)
        {
            sets = sets.Where(s => s.Status == status);
        }

        var total = await sets.CountAsync(cancellationToken);
        // Ids are version 7 GUIDs (time ordered), which sort the same on every provider.
        var items = await sets.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return PagedResult.Offset(items.Select(BackupSetDto.From).ToList(), query.Page, query.PageSize, total);
    }
}
