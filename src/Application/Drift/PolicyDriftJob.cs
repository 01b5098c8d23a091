using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;
using TenantAtlas.Application.Policies.Capture;
using TenantAtlas.Application.Runs.Engine;
using TenantAtlas.Domain.Runs;

namespace TenantAtlas.Application.Drift;

/// <summary>
/// The <c>policy.drift_check</c> run: lists the live tenant for each compared policy type and records, per policy,
/// unchanged, changed (with the diff), added in the tenant or deleted from the tenant, against the baseline backup
/// set (the run's target). Strictly read-only, like the restore preview: the job has no <see cref="IGraphWriter"/>
/// and all its Graph work runs inside a <see cref="GraphReadOnlyScope"/>. A type Graph refuses fails as one item
/// (key <c>type:{name}</c>) and never reports that type's policies as deleted.
/// </summary>
public sealed class PolicyDriftJob(IGraphReader reader, IGraphFeatures features) : IRunJob
{
    private const int ReadChunk = 20;

    public async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var run = context.RunAs<BulkOperationRun>();
        var baselineId = run.TargetId ?? throw new RunFaultException(DriftBaseline.NoBaselineCode, "The drift check names no baseline backup set.");
        var input = DriftCheckInput.FromJson(run.Input);
        var types = input.PolicyTypes is { Count: > 0 } names ? names.Select(PolicyTypes.Get).Distinct().ToList() : PolicyTypes.All.ToList();
        var (tenant, baseline) = await context.UseDbAsync(async (db, ct) =>
            (await GraphTenants.ResolveAsync(db, run.TenantId, ct), await DriftBaseline.LoadAsync(db, run.TenantId, baselineId, ct)), cancellationToken);
        // Types the tenant's Graph profile does not enable are neither listed nor compared.
        types = types.Where(t => features.Supports(tenant, t)).ToList();
        var previous = context.PreviousItems;
        bool Done(string key) => previous.GetValueOrDefault(key) is { } p && PolicyCapture.IsFinal(p);

        using var readOnly = GraphReadOnlyScope.Enter();
        var live = new Dictionary<string, (PolicyTypeDefinition Type, JsonObject Listed)>(StringComparer.Ordinal);
        var failedTypes = new List<(PolicyTypeDefinition Type, GraphError Error)>();
        foreach (var type in types)
        {
            await context.RefreshStopSignalsAsync(cancellationToken);
            if (context.StopRequested)
            {
                return;
            }

            try
            {
                await foreach (var obj in reader.ListAsync(tenant, type, cancellationToken))
                {
                    if (Text(obj["id"]) is { } graphId)
                    {
                        live.TryAdd(DriftBaseline.ItemKey(type, graphId), (type, obj));
                    }
                }
            }
            catch (GraphException ex)
            {
                failedTypes.Add((type, ex.Error));
            }
        }

        var compared = types.Where(t => failedTypes.All(f => f.Type != t)).ToHashSet();
        var kept = baseline.Where(b => compared.Contains(b.Type)).GroupBy(b => b.ItemKey).Select(g => g.First()).ToList();
        var baselineKeys = kept.Select(b => b.ItemKey).ToHashSet(StringComparer.Ordinal);
        var added = live.Where(l => !baselineKeys.Contains(l.Key)).ToList();
        await context.SetTotalAsync(kept.Count + added.Count + failedTypes.Count, cancellationToken);

        foreach (var (type, error) in failedTypes.Where(f => !Done(TypeKey(f.Type))))
        {
            await context.RecordItemAsync(PolicyCapture.Failed(
                new RunItem { ItemKey = TypeKey(type), DisplayName = type.Name, PolicyType = type.Name }, error), cancellationToken);
        }

        foreach (var (key, (type, listed)) in added.Where(a => !Done(a.Key)))
        {
            var graphId = Text(listed["id"])!;
            await context.RecordItemAsync(Result(key, type, graphId,
                Text(listed[type.DisplayNameProperty]) ?? Text(listed["displayName"]) ?? graphId, DriftActions.Added), cancellationToken);
        }

        foreach (var gone in kept.Where(b => !live.ContainsKey(b.ItemKey) && !Done(b.ItemKey)))
        {
            await context.RecordItemAsync(Result(gone.ItemKey, gone.Type, gone.GraphId, gone.DisplayName, DriftActions.Deleted), cancellationToken);
        }

        var present = kept.Where(b => live.ContainsKey(b.ItemKey) && !Done(b.ItemKey)).Chunk(ReadChunk).ToList();
        await context.ForEachItemAsync(present, (chunk, ct) => CompareAsync(context, tenant, chunk, ct), cancellationToken);
    }

    private async Task CompareAsync(RunContext context, GraphTenant tenant, DriftBaselineItem[] chunk, CancellationToken cancellationToken)
    {
        var reads = await reader.GetPoliciesAsync(tenant, chunk.Select(b => new GraphPolicyRef(b.Type, b.GraphId)).ToList(), cancellationToken);
        foreach (var (item, read) in chunk.Zip(reads))
        {
            if (read.Error is { } error)
            {
                await context.RecordItemAsync(PolicyCapture.Failed(
                    new RunItem { ItemKey = item.ItemKey, DisplayName = item.DisplayName, PolicyType = item.Type.Name, GraphId = item.GraphId }, error), cancellationToken);
            }
            else if (read.Policy is not { } policy)
            {
                // Listed a moment ago, gone now: deleted.
                await context.RecordItemAsync(Result(item.ItemKey, item.Type, item.GraphId, item.DisplayName, DriftActions.Deleted), cancellationToken);
            }
            else
            {
                var comparison = DriftComparison.Compute(item.Payload, item.Assignments, policy);
                var result = Result(item.ItemKey, item.Type, item.GraphId, item.DisplayName, comparison.Changed ? DriftActions.Changed : DriftActions.Unchanged);
                result.Diff = comparison.Changed ? comparison.Diff.ToJsonString() : null;
                await context.RecordItemAsync(result, cancellationToken);
            }
        }
    }

    private static RunItem Result(string key, PolicyTypeDefinition type, string graphId, string displayName, string action) => new()
    {
        ItemKey = key,
        DisplayName = displayName,
        PolicyType = type.Name,
        GraphId = graphId,
        Status = RunItemStatus.Succeeded,
        Action = action,
    };

    private static string TypeKey(PolicyTypeDefinition type) => "type:" + type.Name;

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
