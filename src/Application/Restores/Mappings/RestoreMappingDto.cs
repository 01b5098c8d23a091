using TenantAtlas.Domain.Restores;

namespace TenantAtlas.Application.Restores.Mappings;

/// <summary>
/// The mapping document of a (source, target) pair: source id -> target id for groups, assignment filters, scope tags
/// and named locations. A cross-tenant restore from the source into the target rewrites references through it.
/// </summary>
public sealed record RestoreMappingDto(
    Guid TenantId,
    Guid SourceTenantId,
    IReadOnlyDictionary<string, string> Groups,
    IReadOnlyDictionary<string, string> AssignmentFilters,
    IReadOnlyDictionary<string, string> ScopeTags,
    IReadOnlyDictionary<string, string> NamedLocations,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static RestoreMappingDto From(RestoreMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var document = RestoreMappingDocument.Parse(mapping.Document);
        return new RestoreMappingDto(
            mapping.TenantId, mapping.SourceTenantId, Sorted(document.Groups), Sorted(document.AssignmentFilters),
            Sorted(document.ScopeTags), Sorted(document.NamedLocations), mapping.UpdatedAt, mapping.UpdatedBy);
    }

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> entries) =>
        new(entries.ToDictionary(e => e.Key.ToLowerInvariant(), e => e.Value), StringComparer.Ordinal);
}
