namespace TenantAtlas.Application.Restores.References;

/// <summary>A reference in a payload or assignment whose target id is not known in the restore's target tenant.</summary>
/// <param name="Kind">What the id refers to.</param>
/// <param name="SourceId">The id as captured.</param>
/// <param name="Path">Where it was found, as a JSON path (e.g. $.assignments[0].target.groupId).</param>
public sealed record UnresolvedReference(ReferenceKind Kind, string SourceId, string Path);
