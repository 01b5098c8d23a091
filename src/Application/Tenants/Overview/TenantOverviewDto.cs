using TenantAtlas.Domain.Runs;
using TenantAtlas.Domain.Tenants;

namespace TenantAtlas.Application.Tenants.Overview;

/// <summary>The latest drift check of a tenant: its status, counts and whether anything drifted.</summary>
public sealed record TenantDriftOverviewDto(
    Guid RunId, Guid BaselineBackupSetId, RunStatus Status, DateTimeOffset CompletedAt, int Changed, int Added, int Deleted, int Failed, bool HasDrift, string Link);

/// <summary>One tenant in the MSP overview.</summary>
/// <param name="LastSuccessfulBackupAt">When the tenant's latest Succeeded backup capture finished; null if none.</param>
/// <param name="LastDrift">The latest finished drift check; null if none.</param>
/// <param name="NextScheduledRunAt">The earliest next due time of its enabled schedules; null if none.</param>
public sealed record TenantOverviewDto(
    Guid TenantId, string Name, TenantRole Role, DateTimeOffset? LastSuccessfulBackupAt, TenantDriftOverviewDto? LastDrift, DateTimeOffset? NextScheduledRunAt);
