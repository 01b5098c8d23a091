using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.BackupSets;

/// <summary>A backup set with the runs that captured into it (newest first).</summary>
/// <param name="Runs">Its backup_set.capture and backup_set.add_policies runs.</param>
public sealed record BackupSetDetailsDto(BackupSetDto BackupSet, IReadOnlyList<RunDto> Runs);
