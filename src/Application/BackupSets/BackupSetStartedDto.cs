using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.BackupSets;

/// <summary>Answer of backup set creation: the new set (Capturing) and the run that captures it.</summary>
public sealed record BackupSetStartedDto(BackupSetDto BackupSet, RunDto Run);
