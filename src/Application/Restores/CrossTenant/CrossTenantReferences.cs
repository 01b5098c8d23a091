using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Restores.Mappings;
using TenantAtlas.Application.Restores.References;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.CrossTenant;

/// <summary>
/// The Graph side of a cross-tenant run's id map, before its items. Every group, assignment filter and scope tag the
/// items refer to is named from the source (groups: <c>GET /groups/{id}</c> in the source, which only ever gets GETs;
/// filters and scope tags: the backup, else the source's list). Then:
/// <list type="bullet">
/// <item>a preview proposes, for each id the stored document does not map, the one target object with that display
/// name (groups: <c>GET /groups?$filter=displayName eq '...'</c>; filters and tags: the target's lists), records it in
/// the preview's map so items show what the restore would send, and stores the proposal on the run; several objects
/// with the name are ambiguous (nothing guessed). It never writes.</item>
/// <item>a live restore with <c>createMissingReferences</c> uses, for an unmapped filter or scope tag, the one target
/// object with its name, and creates it in the target when there is none; the map then carries the new id, so the
/// policies written after it use it.</item>
/// </list>
/// </summary>
public sealed class CrossTenantReferences(IGraphReferenceReader reader, IGraphReferenceWriter writer)
{
    /// <summary>The target id a preview shows for a filter, scope tag or named location the restore would create.</summary>
    public const string WouldCreatePlaceholder = "(created by the restore)";

    /// <summary>Audit action of a filter or scope tag a cross-tenant restore created in the target.</summary>
    public const string ReferenceCreatedAudit = "restore.reference.created";

    public async Task PrepareAsync(
        RunContext context, GraphTenant target, IReadOnlyList<RestoreWorkItem> items, RestoreIdMap map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.RunAs<RestoreRun>();
        if (!run.IsCrossTenant || !map.RequireMapping)
        {
            return;
        }

        var source = await context.UseDbAsync((db, ct) => RestorePlan.LoadGraphTenantAsync(db, run.SourceTenantId!.Value, ct), cancellationToken);
        var referenced = RestoreReferences.ReferencedIds(items.Where(i => i.Type is not null));
        var details = new List<JsonObject>();
        var proposal = RestoreMappingDocument.Kinds.ToDictionary(k => k.Kind, _ => new JsonObject());

        if (referenced.TryGetValue(ReferenceKind.Group, out var groups))
        {
            foreach (var groupId in groups.Order(StringComparer.OrdinalIgnoreCase))
            {
                var named = Guid.TryParse(groupId, out _) ? await reader.GetGroupAsync(source, groupId, cancellationToken) : null;
                await ResolveAsync(ReferenceKind.Group, groupId, named?.DisplayName,
                    name => FindGroupsAsync(target, name, cancellationToken), create: null);
            }
        }

        foreach (var kind in new[] { ReferenceKind.AssignmentFilter, ReferenceKind.ScopeTag })
        {
            if (!referenced.TryGetValue(kind, out var ids))
            {
                continue;
            }

            var sourceObjects = await SourceObjectsAsync(source, kind, items, cancellationToken);
            IReadOnlyList<JsonObject>? targetObjects = null;
            foreach (var id in ids.Order(StringComparer.OrdinalIgnoreCase))
            {
                var sourceObject = sourceObjects.GetValueOrDefault(id);
                await ResolveAsync(kind, id, NameOf(sourceObject),
                    async name =>
                    {
                        targetObjects ??= await reader.ListAsync(target, kind, cancellationToken);
                        return targetObjects.Where(o => SameName(NameOf(o), name)).Select(IdOf).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    },
                    create: sourceObject is null ? null : () => CreatePayload(kind, sourceObject));
            }
        }

        // Named locations a policy refers to that the run itself restores (tier 1, before the policies): the live run
        // records their target ids when it writes them; the preview, which writes nothing, shows them as such.
        if (run.IsDryRun && referenced.TryGetValue(ReferenceKind.NamedLocation, out var locations))
        {
            var restoredByRun = items.Where(i => i.Type?.ReferencedAs == ReferenceKind.NamedLocation)
                .ToDictionary(i => i.BackupGraphId, i => i.DisplayName, StringComparer.OrdinalIgnoreCase);
            foreach (var id in locations.Where(l => !map.IsMapped(ReferenceKind.NamedLocation, l) && restoredByRun.ContainsKey(l)))
            {
                map.Record(ReferenceKind.NamedLocation, id, WouldCreatePlaceholder);
                map.Note(ReferenceKind.NamedLocation, id, new ReferenceNote(restoredByRun[id], ReferenceStatus.WouldCreate));
            }
        }

        if (run.IsDryRun)
        {
            var stored = new JsonObject
            {
                ["mapping"] = new JsonObject(RestoreMappingDocument.Kinds
                    .Where(k => k.Kind != ReferenceKind.NamedLocation)
                    .Select(k => KeyValuePair.Create(k.Property, (JsonNode?)proposal[k.Kind]))),
                ["details"] = new JsonArray([.. details]),
            }.ToJsonString();
            await context.UseDbAsync((db, ct) => db.Runs.OfType<RestoreRun>().Where(r => r.Id == run.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ProposedMapping, stored), ct), cancellationToken);
        }

        async Task ResolveAsync(
            ReferenceKind kind, string sourceId, string? name, Func<string, Task<IReadOnlyList<string>>> findInTarget, Func<JsonObject>? create)
        {
            var detail = new JsonObject { ["kind"] = kind.ToString(), ["sourceId"] = sourceId, ["sourceDisplayName"] = name };
            details.Add(detail);
            if (map.IsMapped(kind, sourceId))
            {
                map.Note(kind, sourceId, new ReferenceNote(name, ReferenceStatus.Mapped));
                map.TryResolve(kind, sourceId, out var mapped);
                detail["status"] = ReferenceStatus.Mapped;
                detail["targetId"] = mapped;
                return;
            }

            // Live runs only look names up to create what is missing; the rest comes from the document.
            var lookUp = run.IsDryRun || (run.CreateMissingReferences && create is not null);
            var candidates = lookUp && !string.IsNullOrEmpty(name) ? await findInTarget(name) : [];
            switch (candidates.Count)
            {
                case 1:
                    map.Record(kind, sourceId, candidates[0]);
                    map.Note(kind, sourceId, new ReferenceNote(name, run.IsDryRun ? ReferenceStatus.Proposed : ReferenceStatus.Mapped));
                    proposal[kind][sourceId] = candidates[0];
                    detail["status"] = ReferenceStatus.Proposed;
                    detail["targetId"] = candidates[0];
                    return;
                case > 1:
                    map.Note(kind, sourceId, new ReferenceNote(name, ReferenceStatus.Ambiguous, candidates));
                    detail["status"] = ReferenceStatus.Ambiguous;
                    detail["candidates"] = new JsonArray([.. candidates.Select(c => (JsonNode)c)]);
                    return;
            }

            if (run.CreateMissingReferences && create is not null && !string.IsNullOrEmpty(name))
            {
                if (run.IsDryRun)
                {
                    map.Record(kind, sourceId, WouldCreatePlaceholder);
                    map.Note(kind, sourceId, new ReferenceNote(name, ReferenceStatus.WouldCreate));
                    detail["status"] = ReferenceStatus.WouldCreate;
                    return;
                }

                var created = await writer.CreateAsync(target, kind, create(), cancellationToken);
                if (IdOf(created) is { } newId)
                {
                    await context.UseDbAsync(async (db, ct) =>
                    {
                        RestoreAudit.Add(db, run, ReferenceCreatedAudit, kind.ToString(), newId, new Dictionary<string, object?>
                        {
                            ["kind"] = kind.ToString(), ["sourceId"] = sourceId, ["displayName"] = name, ["graphId"] = newId,
                        }, context.Time.GetUtcNow());
                        await db.SaveChangesAsync(ct);
                    }, cancellationToken);
                    map.Record(kind, sourceId, newId);
                    map.Note(kind, sourceId, new ReferenceNote(name, ReferenceStatus.Created));
                    detail["status"] = ReferenceStatus.Created;
                    detail["targetId"] = newId;
                    return;
                }
            }

            map.Note(kind, sourceId, new ReferenceNote(name, ReferenceStatus.Unmapped));
            detail["status"] = ReferenceStatus.Unmapped;
        }
    }

    private async Task<IReadOnlyList<string>> FindGroupsAsync(GraphTenant target, string name, CancellationToken cancellationToken) =>
        // The filter is a hint: the names are compared here as Graph's eq does (case-insensitive, otherwise equal).
        (await reader.FindGroupsByDisplayNameAsync(target, name, cancellationToken))
            .Where(g => SameName(g.DisplayName, name)).Select(g => g.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The source's filters or scope tags by id: captured in the backup set when it has them, else read from the source.</summary>
    private async Task<IReadOnlyDictionary<string, JsonObject>> SourceObjectsAsync(
        GraphTenant source, ReferenceKind kind, IReadOnlyList<RestoreWorkItem> items, CancellationToken cancellationToken)
    {
        var odataType = kind == ReferenceKind.AssignmentFilter ? "#microsoft.graph.deviceAndAppManagementAssignmentFilter" : "#microsoft.graph.roleScopeTag";
        var result = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items.Where(i => string.Equals(i.ODataType, odataType, StringComparison.OrdinalIgnoreCase)))
        {
            result[item.BackupGraphId] = item.Payload;
        }

        if (result.Count == 0)
        {
            foreach (var o in await reader.ListAsync(source, kind, cancellationToken))
            {
                if (IdOf(o) is { } id)
                {
                    result[id] = o;
                }
            }
        }

        return result;
    }

    /// <summary>Only what describes the object; ids, timestamps and the source's own scope tags stay behind.</summary>
    private static JsonObject CreatePayload(ReferenceKind kind, JsonObject source)
    {
        string[] keep = kind == ReferenceKind.AssignmentFilter
            ? ["@odata.type", "displayName", "description", "platform", "rule", "assignmentFilterManagementType"]
            : ["@odata.type", "displayName", "description"];
        var payload = new JsonObject();
        foreach (var name in keep)
        {
            if (source[name] is { } value)
            {
                payload[name] = value.DeepClone();
            }
        }

        return payload;
    }

    private static string? NameOf(JsonObject? o) => o?["displayName"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string? IdOf(JsonObject o) => o["id"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static bool SameName(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
