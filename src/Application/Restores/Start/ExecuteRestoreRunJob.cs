using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Restores.References;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.Start;

/// <summary>
/// Live restore of a backup set (spec US3). Per item: find the target, compare, and create or update
/// it (then its assignments), recording the outcome keyed by backup item id as each item finishes.
/// Crash safety (DESIGN.md 3): the item is written Pending with its intended action before any Graph
/// write; a resumed run looks the target up in Graph again (by id, then by display name), so a write
/// whose response was lost is found and never repeated as a second create.
/// </summary>
public sealed partial class ExecuteRestoreRunJob(
    IGraphReader reader, IGraphWriter writer, RestoreInventory inventory, CrossTenant.CrossTenantReferences crossTenant,
    IGraphFeatures features, ILogger<ExecuteRestoreRunJob> logger) : IRunJob
{
    private readonly RestoreTargetLookup lookup = new(reader);

    public async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var run = context.RunAs<RestoreRun>();
        if (run.IsDryRun)
        {
            throw new RunFaultException("restore.is_preview", "A restore preview is never executed as a live restore.");
        }

        var (tenant, items, map) = await context.UseDbAsync(async (db, ct) =>
            (await RestorePlan.LoadGraphTenantAsync(db, run.TenantId, ct), await RestorePlan.LoadItemsAsync(db, run, ct),
                await RestoreReferences.ForRunAsync(db, run, ct)), cancellationToken);
        await AuditStartedOnceAsync(context, items.Count, cancellationToken);
        await crossTenant.PrepareAsync(context, tenant, items, map, cancellationToken);
        await context.SetTotalAsync(items.Count, cancellationToken);

        var previous = context.PreviousItems;
        var open = items.Where(i => previous.GetValueOrDefault(i.ItemKey) is not { } p || p.Status == RunItemStatus.Pending)
            .Select(i => i.ItemKey).ToHashSet();
        // Items that could land on the same object (same type and display name) run one after another, and
        // an object one of them restored onto is never another one's display-name match.
        // restore.finished is written with the final status by RestoreFinishedAuditHandler.
        var groups = items.GroupBy(i => (i.PolicyTypeName, Name: i.Type is null ? i.DisplayName : RestoreTargetLookup.DisplayNameOf(i.Type, i)));
        // Dependency order: a tier (filters and scope tags, named locations, other referenced objects, policies,
        // policy sets) starts when the previous one finished, so the ids its objects were re-created under are in the
        // map before anything that refers to them is rewritten. Items within a tier still run in parallel.
        foreach (var tier in groups.GroupBy(g => g.First().Type?.RestoreTier ?? RestoreTiers.Policies).OrderBy(t => t.Key))
        {
            await context.RefreshStopSignalsAsync(cancellationToken);
            if (context.StopRequested)
            {
                return;
            }

            await context.ForEachItemAsync(tier, async (group, ct) =>
            {
                var claimed = new HashSet<string>(
                    group.Select(i => previous.GetValueOrDefault(i.ItemKey)).Where(p => p is { Status: RunItemStatus.Succeeded, GraphId: not null }).Select(p => p!.GraphId!),
                    StringComparer.OrdinalIgnoreCase);
                foreach (var item in group)
                {
                    if (!open.Contains(item.ItemKey))
                    {
                        // Restored by an earlier attempt: its new id must still be in this attempt's map.
                        RecordRestoredId(map, item, previous.GetValueOrDefault(item.ItemKey)?.GraphId);
                        continue;
                    }

                    await context.RefreshStopSignalsAsync(ct);
                    if (context.StopRequested)
                    {
                        return;
                    }

                    if (await RestoreItemAsync(context, tenant, item, map, previous.GetValueOrDefault(item.ItemKey), claimed, ct) is { } graphId)
                    {
                        claimed.Add(graphId);
                        RecordRestoredId(map, item, graphId);
                    }
                }
            }, cancellationToken);
        }
    }

    /// <summary>
    /// An object restored onto another id than the captured one: later tiers resolve the old id to it (as its
    /// reference kind, e.g. a filter; any other object as <see cref="ReferenceKind.Object"/> of its type, which is
    /// what policy set items refer to).
    /// </summary>
    private static void RecordRestoredId(RestoreIdMap map, RestoreWorkItem item, string? graphId)
    {
        if (item.Type is { } type && !string.IsNullOrEmpty(graphId) &&
            !string.Equals(graphId, item.BackupGraphId, StringComparison.OrdinalIgnoreCase))
        {
            var kind = type.ReferencedAs ?? ReferenceKind.Object;
            map.Record(kind, item.BackupGraphId, graphId, kind == ReferenceKind.Object ? type.Name : "");
        }
    }

    /// <summary>Restores one item; returns the Graph id it restored onto (or matched unchanged), else null.</summary>
    private async Task<string?> RestoreItemAsync(
        RunContext context, GraphTenant tenant, RestoreWorkItem captured, RestoreIdMap map, RunItem? previous, IReadOnlySet<string> claimed,
        CancellationToken cancellationToken)
    {
        var run = context.RunAs<RestoreRun>();
        if (RestoreItemResults.SkipBeforeGraph(captured, t => features.Supports(tenant, t)) is { } skipped)
        {
            await context.RecordItemAsync(skipped, cancellationToken);
            return null;
        }

        // References (groups, filters, scope tags) are rewritten to the target tenant's ids before the item is
        // compared or written; one that cannot be resolved fails the item and is never sent.
        var (item, unresolved) = RestoreReferences.Prepare(captured, map);
        if (unresolved.Count > 0)
        {
            await context.RecordItemAsync(RestoreItemResults.Unresolved(item, unresolved), cancellationToken);
            return null;
        }

        var type = item.Type!;
        var builtIn = type.BuiltIn?.Invoke(item.Payload, item.BackupGraphId) ?? BuiltInHandling.None;
        if (builtIn == BuiltInHandling.Skip)
        {
            await context.RecordItemAsync(RestoreItemResults.BuiltIn(item), cancellationToken);
            return null;
        }

        // A Pending row means an earlier attempt may have written to Graph; the lookup below finds that write.
        var resumedAction = previous is { Status: RunItemStatus.Pending, Action: RunItemAction.Created or RunItemAction.Updated }
            ? previous.Action
            : null;
        RestoreComparison? comparison = null;
        string? graphId = previous?.GraphId;
        try
        {
            var target = await lookup.FindAsync(tenant, type, item, cancellationToken, claimed);
            if (target is null && (builtIn == BuiltInHandling.UpdateOnly || !type.RestoreCreate))
            {
                // A built-in object exists in every tenant: it is never created as a copy.
                await context.RecordItemAsync(RestoreItemResults.BuiltIn(item), cancellationToken);
                return null;
            }

            var includeAssignments = run.IncludeAssignments && type.HasAssignments;
            comparison = RestoreComparison.Compute(target?.Current, item, includeAssignments);
            graphId = target?.Current.GraphId;
            if (comparison.Unchanged)
            {
                if (target!.MatchedBy == RestoreTargetMatch.DisplayName)
                {
                    await context.UseDbAsync((db, ct) => inventory.FollowAsync(db, run.TenantId, item, type, target.Current, run.Id, ct), cancellationToken);
                }

                if (resumedAction is not null)
                {
                    await AuditItemAsync(context, item, resumedAction, graphId!, onlyOnce: true, cancellationToken);
                }

                await context.RecordItemAsync(
                    RestoreItemResults.New(item, RunItemStatus.Succeeded, resumedAction ?? RunItemAction.Unchanged, graphId, comparison.Diff),
                    cancellationToken);
                return graphId;
            }

            var action = resumedAction ?? (target is null ? RunItemAction.Created : RunItemAction.Updated);
            await context.RecordItemAsync(RestoreItemResults.New(item, RunItemStatus.Pending, action, graphId, comparison.Diff), cancellationToken);
            var assigned = false;
            if (target is null)
            {
                var created = await writer.CreateAsync(tenant, type, PolicyPayload.PrepareForWrite(item.Payload, type), item.BackupGraphId, cancellationToken);
                graphId = created["id"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrEmpty(id)
                    ? id
                    : throw new GraphException(new GraphError(GraphErrorCodes.Failed, "Graph answered the create without an id.", null, null, null));
                if (includeAssignments && item.Assignments.Count > 0)
                {
                    await writer.AssignAsync(tenant, type, graphId, PolicyPayload.PrepareAssignmentsForWrite(item.Assignments), cancellationToken);
                    assigned = true;
                }
            }
            else
            {
                if (comparison.PayloadChanged)
                {
                    await writer.UpdateAsync(tenant, type, graphId!, PolicyPayload.PrepareForWrite(item.Payload, type), cancellationToken);
                }

                if (comparison.AssignmentsChanged)
                {
                    await writer.AssignAsync(tenant, type, graphId!, PolicyPayload.PrepareAssignmentsForWrite(item.Assignments), cancellationToken);
                    assigned = true;
                }
            }

            // Audit first: if the result write below is lost, the write that reached Graph is still on record.
            await AuditItemAsync(context, item, action, graphId!, onlyOnce: false, cancellationToken);

            // Read the object back: inventory follows it (a re-created policy has a new id) with a version of the
            // restored state, and Graph may answer an assign with success yet keep something else.
            var restored = await reader.GetPolicyAsync(tenant, type, graphId!, cancellationToken)
                ?? throw new GraphException(new GraphError(GraphErrorCodes.NotFound, "The restored policy was not found when it was read back.", 404, null, null));
            await context.UseDbAsync((db, ct) => inventory.FollowAsync(db, run.TenantId, item, type, restored, run.Id, ct), cancellationToken);
            if (assigned)
            {
                VerifyAssignments(restored.Assignments, item.Assignments);
            }

            await context.RecordItemAsync(RestoreItemResults.New(item, RunItemStatus.Succeeded, action, graphId, comparison.Diff), cancellationToken);
            return graphId;
        }
        catch (GraphException ex)
        {
            LogItemFailed(logger, run.Id, item.BackupItemId, ex.Error.Code);
            await context.RecordItemAsync(RestoreItemResults.Failed(item, ex.Error, graphId, comparison?.Diff), cancellationToken);
            return null;
        }
        catch (RestoreTargetAmbiguousException ex)
        {
            LogItemFailed(logger, run.Id, item.BackupItemId, RestoreTargetAmbiguousException.Code);
            await context.RecordItemAsync(RestoreItemResults.Ambiguous(item, ex), cancellationToken);
            return null;
        }
        catch (RestoreAssignmentsMismatchException ex)
        {
            LogItemFailed(logger, run.Id, item.BackupItemId, RestoreAssignmentsMismatchException.Code);
            await context.RecordItemAsync(RestoreItemResults.AssignmentsMismatch(item, ex, graphId!, comparison?.Diff), cancellationToken);
            // The object was written: no other item of the run may restore onto it.
            return graphId;
        }
    }

    private static void VerifyAssignments(JsonArray actual, JsonArray expected)
    {
        var differences = JsonDiff.Compute(PolicyPayload.NormalizeAssignments(actual), PolicyPayload.NormalizeAssignments(expected));
        if (differences.Count > 0)
        {
            throw new RestoreAssignmentsMismatchException(expected.Count, actual.Count, differences.Count);
        }
    }

    private static Task AuditStartedOnceAsync(RunContext context, int itemCount, CancellationToken cancellationToken) =>
        context.UseDbAsync(async (db, ct) =>
        {
            var run = context.RunAs<RestoreRun>();
            if (await db.AuditLogs.AnyAsync(a => a.TenantId == run.TenantId && a.RunId == run.Id && a.Action == RestoreAudit.Started, ct))
            {
                return;
            }

            RestoreAudit.Add(db, run, RestoreAudit.Started, RestoreAudit.RunTargetType, run.Id.ToString("D"), new Dictionary<string, object?>
            {
                ["backupSetId"] = run.BackupSetId,
                ["items"] = itemCount,
                ["wholeSet"] = run.Scope is null,
                ["includeAssignments"] = run.IncludeAssignments,
                ["sourcePreviewRunId"] = run.SourcePreviewRunId,
            }, context.Time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }, cancellationToken);

    private static Task AuditItemAsync(
        RunContext context, RestoreWorkItem item, string action, string graphId, bool onlyOnce, CancellationToken cancellationToken) =>
        context.UseDbAsync(async (db, ct) =>
        {
            var run = context.RunAs<RestoreRun>();
            var auditAction = RestoreAudit.ItemPrefix + action;
            if (onlyOnce && await db.AuditLogs.AnyAsync(
                    a => a.TenantId == run.TenantId && a.RunId == run.Id && a.Action == auditAction && a.TargetId == graphId, ct))
            {
                return;
            }

            RestoreAudit.Add(db, run, auditAction, RestoreAudit.PolicyTargetType, graphId, new Dictionary<string, object?>
            {
                ["action"] = action,
                ["policyType"] = item.PolicyTypeName,
                ["graphId"] = graphId,
                ["displayName"] = item.DisplayName,
                ["backupItemId"] = item.BackupItemId,
                ["assignmentsRestored"] = run.IncludeAssignments,
            }, context.Time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restore run {RunId}: backup item {BackupItemId} failed ({ErrorCode})")]
    private static partial void LogItemFailed(ILogger logger, Guid runId, Guid backupItemId, string errorCode);
}
