using Mediator;

namespace TenantAtlas.Application.BackupSets.GetBackupSet;

public sealed record GetBackupSetQuery(Guid TenantId, Guid BackupSetId) : IQuery<BackupSetDetailsDto>;
