using System.Text.Json.Nodes;
using TenantAtlas.Application.Graph;

namespace TenantAtlas.Infrastructure.Graph;

/// <summary>Graph writes over raw JSON (beta). Thread-safe. The read-only guard beneath blocks all of it in dry-run work.</summary>
internal sealed class GraphWriter(GraphRequestSender sender) : IGraphWriter
{
    public async Task<JsonObject> CreateAsync(GraphTenant tenant, PolicyTypeDefinition type, JsonObject payload, CancellationToken cancellationToken)
    {
        // A create is not idempotent: after a 503/504 or a lost connection it may have happened, so only 429 is retried
        // (the restore job looks the object up before trying again).
        var response = await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve(type.CollectionPath), payload, cancellationToken, retriableOnFailure: false);
        return response.Body as JsonObject ?? [];
    }

    public async Task UpdateAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonObject payload, CancellationToken cancellationToken)
    {
        var method = new HttpMethod(type.UpdateMethod.ToUpperInvariant());
        var body = payload;
        if (method == HttpMethod.Patch && type.NavigationProperties.Any(payload.ContainsKey))
        {
            // PATCH updates the entity's own properties; Graph rejects expanded navigation in it (PUT, as for the
            // settings catalog, replaces the whole policy including its settings).
            body = payload.DeepClone().AsObject();
            foreach (var name in type.NavigationProperties)
            {
                body.Remove(name);
            }
        }

        await sender.SendAsync(tenant, method, sender.Resolve(ItemPath(type, graphId)), body, cancellationToken);
    }

    public async Task AssignAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonArray assignments, CancellationToken cancellationToken)
    {
        var body = new JsonObject { [type.AssignBodyProperty] = assignments.DeepClone() };
        await sender.SendAsync(tenant, HttpMethod.Post, sender.Resolve(ItemPath(type, graphId) + "/assign"), body, cancellationToken);
    }

    public async Task DeleteAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, CancellationToken cancellationToken)
    {
        // Already gone is what the caller wanted.
        await sender.SendAsync(tenant, HttpMethod.Delete, sender.Resolve(ItemPath(type, graphId)), null, cancellationToken, notFoundIsResult: true);
    }

    private static string ItemPath(PolicyTypeDefinition type, string graphId) => $"{type.CollectionPath}/{Uri.EscapeDataString(graphId)}";
}
