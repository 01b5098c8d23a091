using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>Read-only Graph access (GET only). Failures throw <see cref="GraphException"/> with a sanitized error.</summary>
public interface IGraphReader
{
    /// <summary>Lists every object of the type, following @odata.nextLink through all pages (no navigation expanded).</summary>
    IAsyncEnumerable<JsonObject> ListAsync(GraphTenant tenant, PolicyTypeDefinition type, CancellationToken cancellationToken);

    /// <summary>Reads the full payload (with the type's expands) and its assignments; null when Graph answers 404.</summary>
    Task<GraphPolicy?> GetPolicyAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads many policies of possibly different types, batching requests through $batch where possible.
    /// The result holds one entry per requested id: the policy, null (404), or the sanitized error.
    /// </summary>
    Task<IReadOnlyList<GraphPolicyReadResult>> GetPoliciesAsync(
        GraphTenant tenant, IReadOnlyList<GraphPolicyRef> policies, CancellationToken cancellationToken);

    /// <summary>Finds objects of the type whose display name (or name) equals the given one.</summary>
    Task<IReadOnlyList<JsonObject>> FindByDisplayNameAsync(
        GraphTenant tenant, PolicyTypeDefinition type, string displayName, CancellationToken cancellationToken);
}
