namespace TenantAtlas.Application.Restores.References;

/// <summary>The per-item state of one reference of a cross-tenant restore, as reported on the item.</summary>
public static class ReferenceStatus
{
    /// <summary>The stored mapping document (or an object this run created) gives its target id.</summary>
    public const string Mapped = "mapped";

    /// <summary>Preview only: exactly one target object has the source object's display name (not yet in the document).</summary>
    public const string Proposed = "proposed";

    /// <summary>Several target objects have the source object's display name: nothing is guessed.</summary>
    public const string Ambiguous = "ambiguous";

    /// <summary>No target id: the assignment is dropped (or the item fails, per run option).</summary>
    public const string Unmapped = "unmapped";

    /// <summary>Created in the target by this run (option createMissingReferences).</summary>
    public const string Created = "created";

    /// <summary>Preview with createMissingReferences: no target object has the name; the restore would create it.</summary>
    public const string WouldCreate = "would_create";
}
