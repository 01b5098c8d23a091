using Mediator;

namespace TenantAtlas.Application.Restores.Deployments;

/// <summary>
/// Restores one backup set of <see cref="SourceTenantId"/> into each of <see cref="TargetTenantIds"/>: one
/// cross-tenant restore run (or preview) per target, each with its own Graph budget, result and audit, all started by
/// this one call. Authorization is checked for every target before any run starts (all or nothing).
/// </summary>
public sealed record StartRestoreDeploymentCommand(
    Guid SourceTenantId,
    Guid BackupSetId,
    IReadOnlyList<Guid>? BackupItemIds,
    bool? DryRun,
    bool IncludeAssignments,
    string? UnmappedAssignments,
    bool CreateMissingReferences,
    IReadOnlyList<Guid>? TargetTenantIds) : ICommand<RestoreDeploymentDto>;
