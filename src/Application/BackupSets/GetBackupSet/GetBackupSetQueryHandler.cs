using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Common;
using TenantAtlas.Application.Runs;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.BackupSets.GetBackupSet;

public sealed class GetBackupSetQueryHandler(IAppDbContext db) : IQueryHandler<GetBackupSetQuery, BackupSetDetailsDto>
{
    private const int MaxRuns = 20;

    public async ValueTask<BackupSetDetailsDto> Handle(GetBackupSetQuery query, CancellationToken cancellationToken)
    {
        var set = await db.BackupSets.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == query.BackupSetId && s.TenantId == query.TenantId, cancellationToken)
            ?? throw new NotFoundException("Backup set", query.BackupSetId);
        var runs = await db.Runs.OfType<BulkOperationRun>().AsNoTracking()
            .Where(r => r.TenantId == query.TenantId && r.TargetId == set.Id &&
                        (r.Operation == RunOperations.BackupSetCapture || r.Operation == RunOperations.BackupSetAddPolicies))
            .OrderByDescending(r => r.Id)
            .Take(MaxRuns)
            .ToListAsync(cancellationToken);
        return new BackupSetDetailsDto(BackupSetDto.From(set), runs.Select(r => RunDto.From(r)).ToList());
    }
}
