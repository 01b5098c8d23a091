using Mediator;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Restores.Start;

/// <summary>
/// Starts a restore (DryRun false, Owner) or a restore preview (DryRun true, Operator) of a backup set,
/// whole (BackupItemIds null) or a selection. DryRun is required (null fails validation): a live
/// restore is never the accidental default. Creates or reuses the active run with the same scope.
/// </summary>
public sealed record StartRestoreRunCommand(
    Guid TenantId, Guid BackupSetId, IReadOnlyList<Guid>? BackupItemIds, bool? DryRun, bool IncludeAssignments) : ICommand<RunDto>;
