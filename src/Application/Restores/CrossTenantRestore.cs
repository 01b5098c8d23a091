namespace TenantAtlas.Application.Restores;

/// <summary>
/// A restore of another tenant's backup set into the run's tenant (the target).
/// </summary>
/// <param name="SourceTenantId">The tenant the backup set belongs to; the caller needs at least Reader on it.</param>
/// <param name="FailOnUnmappedReferences">An assignment or scope tag without id in the target fails the item (default: dropped and reported).</param>
/// <param name="CreateMissingReferences">Assignment filters and scope tags of the source with no counterpart in the target are created there first (live restore only).</param>
public sealed record CrossTenantRestore(Guid SourceTenantId, bool FailOnUnmappedReferences = false, bool CreateMissingReferences = false);
