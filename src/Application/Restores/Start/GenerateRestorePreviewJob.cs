using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Restores.References;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Restores.Start;

/// <summary>
/// Restore preview (dry run, spec US4): per item, reads the target and persists its label
/// (would_create, would_update, unchanged, skipped) with the diff of normalized payloads and
/// assignments. Strictly read-only: the job has no <see cref="IGraphWriter"/>, and all its Graph work
/// runs inside a <see cref="GraphReadOnlyScope"/> so the gateway's guard rejects any write beneath
/// it; a blocked write fails the item with graph.write_blocked. The stored rows are the preview:
/// viewing it never calls Graph again.
/// </summary>
public sealed partial class GenerateRestorePreviewJob(
    IGraphReader reader, CrossTenant.CrossTenantReferences crossTenant, IGraphFeatures features, ILogger<GenerateRestorePreviewJob> logger) : IRunJob
{
    private readonly RestoreTargetLookup lookup = new(reader);

    public async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var run = context.RunAs<RestoreRun>();
        if (!run.IsDryRun)
        {
            throw new RunFaultException("restore.not_preview", "A live restore is never run as a preview.");
        }

        var (tenant, items, map) = await context.UseDbAsync(async (db, ct) =>
            (await RestorePlan.LoadGraphTenantAsync(db, run.TenantId, ct), await RestorePlan.LoadItemsAsync(db, run, ct),
                await RestoreReferences.ForRunAsync(db, run, ct)), cancellationToken);
        await context.SetTotalAsync(items.Count, cancellationToken);

        var previous = context.PreviousItems;
        var open = items.Where(i => previous.GetValueOrDefault(i.ItemKey) is not { } p || p.Status == RunItemStatus.Pending).ToList();
        using (GraphReadOnlyScope.Enter())
        {
            await crossTenant.PrepareAsync(context, tenant, items, map, cancellationToken);
            await context.ForEachItemAsync(open, (item, ct) => PreviewItemAsync(context, tenant, item, map, ct), cancellationToken);
        }

        if (!context.StopRequested)
        {
            var now = context.Time.GetUtcNow();
            await context.UseDbAsync((db, ct) => db.Runs.OfType<RestoreRun>().Where(r => r.Id == run.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.PreviewGeneratedAt, now), ct), cancellationToken);
        }
    }

    private async Task PreviewItemAsync(
        RunContext context, GraphTenant tenant, RestoreWorkItem captured, RestoreIdMap map, CancellationToken cancellationToken)
    {
        if (RestoreItemResults.SkipBeforeGraph(captured, t => features.Supports(tenant, t)) is { } skipped)
        {
            await context.RecordItemAsync(skipped, cancellationToken);
            return;
        }

        // The preview compares what the restore would write: the item with its references rewritten.
        var (item, unresolved) = RestoreReferences.Prepare(captured, map);
        if (unresolved.Count > 0)
        {
            await context.RecordItemAsync(RestoreItemResults.Unresolved(item, unresolved), cancellationToken);
            return;
        }

        var type = item.Type!;
        var builtIn = type.BuiltIn?.Invoke(item.Payload, item.BackupGraphId) ?? BuiltInHandling.None;
        if (builtIn == BuiltInHandling.Skip)
        {
            await context.RecordItemAsync(RestoreItemResults.BuiltIn(item), cancellationToken);
            return;
        }

        try
        {
            var target = await lookup.FindAsync(tenant, type, item, cancellationToken);
            if (target is null && (builtIn == BuiltInHandling.UpdateOnly || !type.RestoreCreate))
            {
                await context.RecordItemAsync(RestoreItemResults.BuiltIn(item), cancellationToken);
                return;
            }

            var comparison = RestoreComparison.Compute(target?.Current, item, context.RunAs<RestoreRun>().IncludeAssignments && type.HasAssignments);
            var label = target is null ? RunItemAction.WouldCreate
                : comparison.Unchanged ? RunItemAction.Unchanged
                : RunItemAction.WouldUpdate;
            await context.RecordItemAsync(
                RestoreItemResults.New(item, RunItemStatus.Succeeded, label, target?.Current.GraphId, comparison.Diff), cancellationToken);
        }
        catch (GraphWriteBlockedException ex)
        {
            LogWriteBlocked(logger, context.Run.Id, item.BackupItemId, ex.Method);
            await context.RecordItemAsync(RestoreItemResults.Failed(item, ex.Error), cancellationToken);
        }
        catch (GraphException ex)
        {
            await context.RecordItemAsync(RestoreItemResults.Failed(item, ex.Error), cancellationToken);
        }
        catch (RestoreTargetAmbiguousException ex)
        {
            await context.RecordItemAsync(RestoreItemResults.Ambiguous(item, ex), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Restore preview {RunId}: a {Method} request for backup item {BackupItemId} was blocked by the read-only guard")]
    private static partial void LogWriteBlocked(ILogger logger, Guid runId, Guid backupItemId, string method);
}
