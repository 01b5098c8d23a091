using Mediator;
using TenantAtlas.Application.Runs;

namespace TenantAtlas.Application.Restores.Start;

/// <summary>
/// Starts a restore (DryRun false, Owner) or a restore preview (DryRun true, Operator) of a backup set,
/// whole (BackupItemIds null) or a selection. DryRun is required (null fails validation): a live
/// restore is never the accidental default. Creates or reuses the active run with the same scope.
/// With <see cref="SourceTenantId"/> (another tenant) the backup set is that tenant's and the run restores it into
/// <see cref="TenantId"/> (cross-tenant; the caller also needs Reader on the source).
/// </summary>
public sealed record StartRestoreRunCommand(
    Guid TenantId, Guid BackupSetId, IReadOnlyList<Guid>? BackupItemIds, bool? DryRun, bool IncludeAssignments) : ICommand<RunDto>
{
    public Guid? SourceTenantId { get; init; }

    /// <summary>Cross-tenant: "drop" (default) leaves unmapped assignments out and reports them; "fail" fails the item.</summary>
    public string? UnmappedAssignments { get; init; }

    /// <summary>Cross-tenant, live: create missing assignment filters and scope tags in the target first.</summary>
    public bool CreateMissingReferences { get; init; }

    public const string Drop = "drop";
    public const string Fail = "fail";
}
