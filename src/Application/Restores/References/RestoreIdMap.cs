using System.Collections.Concurrent;

namespace TenantAtlas.Application.Restores.References;

/// <summary>
/// The per-run map of captured ids to ids in the restore's target tenant. It is filled from two places: objects the
/// run itself re-creates (a filter restored with a new id is recorded before the policies that use it are written;
/// dependency order), and for a cross-tenant restore the stored mapping document of the (source, target) pair.
/// Payload and assignment rewriting (<see cref="ReferenceRewriter"/>) reads it. Thread-safe: items of one run are
/// restored in parallel.
/// </summary>
public sealed class RestoreIdMap
{
    private readonly ConcurrentDictionary<(ReferenceKind Kind, string Scope, string SourceId), string> map = new();

    /// <param name="requireMapping">
    /// True for a cross-tenant restore: an id with no entry is unresolved (the source's ids mean nothing in the
    /// target). False for a restore into the source tenant: an id with no entry still names the same object.
    /// </param>
    public RestoreIdMap(bool requireMapping = false) => RequireMapping = requireMapping;

    public bool RequireMapping { get; }

    /// <summary>What a cross-tenant run does with an assignment or scope tag that has no id in the target (per run).</summary>
    public UnmappedReferenceHandling UnmappedHandling { get; init; } = UnmappedReferenceHandling.Drop;

    private readonly ConcurrentDictionary<(ReferenceKind Kind, string SourceId), ReferenceNote> notes = new();

    /// <summary>
    /// Records what is known about a source id beyond its mapping: its display name in the source, and for a preview
    /// that proposed it by display name the proposal (recorded in the map too) or the ambiguous candidates.
    /// </summary>
    public void Note(ReferenceKind kind, string sourceId, ReferenceNote note)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        notes[(kind, Normalize(sourceId))] = note;
    }

    public ReferenceNote? NoteOf(ReferenceKind kind, string sourceId) =>
        notes.TryGetValue((kind, Normalize(sourceId)), out var note) ? note : null;

    /// <summary>Records that <paramref name="sourceId"/> is <paramref name="targetId"/> in the target tenant.</summary>
    /// <param name="scope">Narrows <see cref="ReferenceKind.Object"/> ids to a policy type; empty for the other kinds.</param>
    public void Record(ReferenceKind kind, string sourceId, string targetId, string scope = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(targetId);
        map[(kind, Normalize(scope), Normalize(sourceId))] = targetId;
    }

    /// <summary>The target id of a captured one: the recorded one, else (same-tenant restore) the id itself.</summary>
    public bool TryResolve(ReferenceKind kind, string sourceId, out string targetId, string scope = "")
    {
        if (map.TryGetValue((kind, Normalize(scope), Normalize(sourceId)), out var mapped))
        {
            targetId = mapped;
            return true;
        }

        targetId = sourceId;
        return !RequireMapping;
    }

    /// <summary>True when the id was recorded (not merely passed through).</summary>
    public bool IsMapped(ReferenceKind kind, string sourceId, string scope = "") =>
        map.ContainsKey((kind, Normalize(scope), Normalize(sourceId)));

    public IReadOnlyDictionary<(ReferenceKind Kind, string Scope, string SourceId), string> Snapshot() =>
        new Dictionary<(ReferenceKind, string, string), string>(map);

    private static string Normalize(string value) => value.ToLowerInvariant();
}
