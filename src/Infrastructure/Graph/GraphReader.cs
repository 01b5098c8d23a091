using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>GET-only Graph access over raw JSON (beta). Thread-safe; shared by parallel run items.</summary>
internal sealed class GraphReader(GraphRequestSender sender, IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphReader> logger) : IGraphReader
{
    private readonly GraphOptions _options = options.Value;

    public async IAsyncEnumerable<JsonObject> ListAsync(
        GraphTenant tenant, PolicyTypeDefinition type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (type.ParentCollection is null)
        {
            await foreach (var item in sender.ListPagesAsync(tenant, sender.Resolve(type.CollectionPath), cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        // Nested objects (DEP enrollment profiles): every parent's collection, each object with its nested id.
        foreach (var parentId in await NestedCollections.ParentIdsAsync(sender, tenant, type, cancellationToken))
        {
            await foreach (var item in sender.ListPagesAsync(tenant, sender.Resolve(NestedGraphId.CollectionUnder(type, parentId)), cancellationToken))
            {
                yield return NestedCollections.WithNestedId(type, parentId, item);
            }
        }
    }

    public async Task<GraphPolicy?> GetPolicyAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, CancellationToken cancellationToken)
    {
        var response = await sender.SendAsync(tenant, HttpMethod.Get, sender.Resolve(PolicyUrl(type, graphId)), null, cancellationToken, notFoundIsResult: true);
        if (response.IsNotFound)
        {
            return null;
        }

        return await ToPolicyAsync(tenant, type, graphId, AsObject(response.Body), cancellationToken);
    }

    public async Task<IReadOnlyList<GraphPolicyReadResult>> GetPoliciesAsync(
        GraphTenant tenant, IReadOnlyList<GraphPolicyRef> policies, CancellationToken cancellationToken)
    {
        var results = new GraphPolicyReadResult[policies.Count];
        var batchSize = Math.Clamp(_options.BatchSize, 1, 20);
        for (var start = 0; start < policies.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, policies.Count - start);
            await ReadBatchAsync(tenant, policies, start, count, results, cancellationToken);
        }

        return results;
    }

    public async Task<IReadOnlyList<JsonObject>> FindByDisplayNameAsync(
        GraphTenant tenant, PolicyTypeDefinition type, string displayName, CancellationToken cancellationToken)
    {
        if (type.ParentCollection is not null)
        {
            // Graph documents no $filter on a nested collection: its objects are few (profiles of one Apple token), so
            // they are listed and matched here, as the caller checks every name anyway.
            var matching = new List<JsonObject>();
            await foreach (var item in ListAsync(tenant, type, cancellationToken))
            {
                if (item[type.DisplayNameProperty] is JsonValue n && n.TryGetValue<string>(out var name) && string.Equals(name, displayName, StringComparison.OrdinalIgnoreCase))
                {
                    matching.Add(item);
                }
            }

            return matching;
        }

        var filter = $"{type.DisplayNameProperty} eq '{displayName.Replace("'", "''", StringComparison.Ordinal)}'";
        var uri = sender.Resolve($"{type.CollectionPath}?$filter={Uri.EscapeDataString(filter)}");
        var found = new List<JsonObject>();
        await foreach (var item in sender.ListPagesAsync(tenant, uri, cancellationToken))
        {
            found.Add(item);
        }

        return found;
    }

    private async Task ReadBatchAsync(
        GraphTenant tenant, IReadOnlyList<GraphPolicyRef> policies, int start, int count, GraphPolicyReadResult[] results, CancellationToken cancellationToken)
    {
        var requests = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var policy = policies[start + i];
            requests.Add(new JsonObject
            {
                ["id"] = (start + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["method"] = "GET",
                ["url"] = "/" + PolicyUrl(policy.Type, policy.GraphId),
            });
        }

        JsonObject batch;
        try
        {
            batch = AsObject((await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve("$batch"), new JsonObject { ["requests"] = requests }, cancellationToken)).Body);
        }
        catch (GraphException ex) when (ex is not GraphWriteBlockedException)
        {
            for (var i = 0; i < count; i++)
            {
                results[start + i] = new GraphPolicyReadResult(policies[start + i], null, false, ex.Error);
            }

            return;
        }

        var retries = new List<Task>();
        var answered = new bool[count];
        foreach (var response in (batch["responses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!int.TryParse(response["id"]?.GetValue<string>(), out var index) || index < start || index >= start + count || answered[index - start])
            {
                continue;
            }

            answered[index - start] = true;
            var policyRef = policies[index];
            var status = response["status"] is JsonValue s && s.TryGetValue<int>(out var code) ? code : 500;
            var headers = response["headers"] as JsonObject;
            switch (status)
            {
                case >= 200 and < 300:
                    var local = index;
                    retries.Add(Task.Run(async () =>
                    {
                        var payload = AsObject(response["body"]?.DeepClone());
                        results[local] = new GraphPolicyReadResult(policyRef, await ToPolicyAsync(tenant, policyRef.Type, policyRef.GraphId, payload, cancellationToken), false, null);
                    }, cancellationToken));
                    break;
                case 404:
                    results[index] = new GraphPolicyReadResult(policyRef, null, true, null);
                    break;
                case 429 or 503 or 504:
                    var delay = InnerRetryDelay(headers);
                    GraphLog.BatchInnerRetry(logger, tenant.TenantId, index.ToString(System.Globalization.CultureInfo.InvariantCulture), status, delay.TotalMilliseconds);
                    retries.Add(ReadAloneAfterAsync(tenant, policyRef, index, delay, results, cancellationToken));
                    break;
                default:
                    var error = GraphErrorSanitizer.FromResponse(status, response["body"]?.ToJsonString(), Header(headers, "request-id"));
                    GraphLog.Failed(logger, tenant.TenantId, HttpMethod.Get.Method, error);
                    results[index] = new GraphPolicyReadResult(policyRef, null, false, error);
                    break;
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (!answered[i])
            {
                // Graph must answer every inner request; if it did not, read that one alone.
                retries.Add(ReadAloneAfterAsync(tenant, policies[start + i], start + i, TimeSpan.Zero, results, cancellationToken));
            }
        }

        await Task.WhenAll(retries);
    }

    /// <summary>A throttled inner request waits its own Retry-After, then is read alone through the retry pipeline.</summary>
    private async Task ReadAloneAfterAsync(
        GraphTenant tenant, GraphPolicyRef policyRef, int index, TimeSpan delay, GraphPolicyReadResult[] results, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }

        try
        {
            var policy = await GetPolicyAsync(tenant, policyRef.Type, policyRef.GraphId, cancellationToken);
            results[index] = new GraphPolicyReadResult(policyRef, policy, policy is null, null);
        }
        catch (GraphException ex) when (ex is not GraphWriteBlockedException)
        {
            results[index] = new GraphPolicyReadResult(policyRef, null, false, ex.Error);
        }
    }

    private TimeSpan InnerRetryDelay(JsonObject? headers)
    {
        var delay = RetryAfter.Parse(Header(headers, "Retry-After"), time.GetUtcNow()) ?? _options.Retry.BaseDelay;
        return delay > _options.Retry.MaxDelay ? _options.Retry.MaxDelay : delay;
    }

    private async Task<GraphPolicy> ToPolicyAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonObject payload, CancellationToken cancellationToken)
    {
        var expanded = payload["assignments"] as JsonArray;
        var truncated = payload.ContainsKey("assignments@odata.nextLink");
        foreach (var name in payload.Select(p => p.Key).Where(k => k == "assignments" || k.StartsWith("assignments@", StringComparison.Ordinal)).ToList())
        {
            payload.Remove(name);
        }

        JsonArray assignments;
        if (!type.HasAssignments)
        {
            assignments = [];
        }
        else if (expanded is not null && !truncated)
        {
            assignments = expanded;
        }
        else
        {
            // Graph did not expand (all of) them: read the assignments collection itself.
            assignments = [];
            var uri = sender.Resolve($"{NestedCollections.ItemPath(type, graphId)}/assignments");
            await foreach (var item in sender.ListPagesAsync(tenant, uri, cancellationToken))
            {
                assignments.Add(item);
            }
        }

        // A nested object's id is its parent's and its own (NestedGraphId); Graph's body has only its own.
        var id = type.ParentCollection is null && payload["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : graphId;
        if (type.ParentCollection is not null)
        {
            payload["id"] = graphId;
        }

        foreach (var child in type.ChildCollections.Where(c => c.ReadQuery is not null))
        {
            payload[child.Name] = await ReadChildrenAsync(tenant, NestedCollections.ItemPath(type, graphId), child, cancellationToken);
        }

        return new GraphPolicy(id, payload, assignments);
    }

    /// <summary>
    /// A child collection Graph does not expand with its parent: {parent}/{name}?{ReadQuery}, all pages, and for each
    /// item its nested collections (one more read per item and nested collection).
    /// </summary>
    private async Task<JsonArray> ReadChildrenAsync(GraphTenant tenant, string parentPath, ChildCollection child, CancellationToken cancellationToken)
    {
        var collection = $"{parentPath}/{child.Name}";
        var items = new JsonArray();
        await foreach (var item in sender.ListPagesAsync(tenant, sender.Resolve(collection + (string.IsNullOrEmpty(child.ReadQuery) ? string.Empty : "?" + child.ReadQuery)), cancellationToken))
        {
            foreach (var name in item.Select(p => p.Key).Where(k => k.Contains("@odata.", StringComparison.Ordinal) && k != "@odata.type").ToList())
            {
                item.Remove(name);
            }

            if (child.Children.Count > 0 && item["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var itemId) && !string.IsNullOrEmpty(itemId))
            {
                foreach (var nested in child.Children)
                {
                    item[nested.Name] = await ReadChildrenAsync(tenant, $"{collection}/{Uri.EscapeDataString(itemId)}", nested, cancellationToken);
                }
            }

            items.Add(item);
        }

        return items;
    }

    private static string PolicyUrl(PolicyTypeDefinition type, string graphId)
    {
        var parts = new[] { type.ReadExpand, type.HasAssignments ? "assignments" : null }.Where(p => !string.IsNullOrEmpty(p)).ToList();
        var path = NestedCollections.ItemPath(type, graphId);
        return parts.Count == 0 ? path : $"{path}?$expand={Uri.EscapeDataString(string.Join(',', parts))}";
    }

    private static string? Header(JsonObject? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
            }
        }

        return null;
    }

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw new GraphException(new GraphError(GraphErrorCodes.Failed, "Graph answered with an unexpected body.", null, null, null));
}
