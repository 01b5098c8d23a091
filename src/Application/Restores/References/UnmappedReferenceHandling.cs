namespace TenantAtlas.Application.Restores.References;

/// <summary>What a cross-tenant restore does with a reference (group, filter, scope tag) that has no id in the target.</summary>
public enum UnmappedReferenceHandling
{
    /// <summary>The assignment (or scope tag) is left out and reported on the item, which still restores (default).</summary>
    Drop,

    /// <summary>The item fails with restore.unresolved_reference and nothing of it is sent.</summary>
    Fail,
}
