using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Restores.Deployments;

/// <summary>The runs a restore deployment started (or reused), one per target tenant, in the order of the request.</summary>
public sealed record RestoreDeploymentDto(Guid SourceTenantId, Guid BackupSetId, IReadOnlyList<RestoreDeploymentRunDto> Runs);

/// <summary>One target's run and where to watch it.</summary>
public sealed record RestoreDeploymentRunDto(Guid TargetTenantId, string Location, RunDto Run);
