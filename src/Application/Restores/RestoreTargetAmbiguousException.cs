namespace TenantAtlas.Application.Restores;

/// <summary>Several objects of the type carry the backup item's display name: the restore does not guess.</summary>
public sealed class RestoreTargetAmbiguousException(int matches)
    : Exception($"{matches} objects of this type share the display name; rename or remove the duplicates, then restore again.")
{
    public const string Code = "restore.target_ambiguous";

    public int Matches { get; } = matches;
}
