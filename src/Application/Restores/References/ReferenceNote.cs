namespace TenantAtlas.Application.Restores.References;

/// <summary>What a run knows of a source id besides its target id: see <see cref="RestoreIdMap.Note"/>.</summary>
/// <param name="DisplayName">The object's display name in the source tenant, when read.</param>
/// <param name="Status">How the id came to be resolved or why it is not: one of <see cref="ReferenceStatus"/>.</param>
/// <param name="Candidates">For an ambiguous name, the ids of the target objects that carry it.</param>
public sealed record ReferenceNote(string? DisplayName, string Status, IReadOnlyList<string>? Candidates = null);
