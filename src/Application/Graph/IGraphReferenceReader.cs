using System.Text.Json.Nodes;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// GET-only access to the objects policies refer to, for cross-tenant mapping: Entra groups (by id, by display name),
/// assignment filters and scope tags. Beneath it is the same gateway as <see cref="IGraphReader"/> (the tenant's Graph
/// budget, retries, the read-only guard of a preview).
/// </summary>
public interface IGraphReferenceReader
{
    /// <summary>Groups whose displayName equals the given one: <c>GET /groups?$filter=displayName eq '...'</c> (every page).</summary>
    Task<IReadOnlyList<GraphReferenceObject>> FindGroupsByDisplayNameAsync(GraphTenant tenant, string displayName, CancellationToken cancellationToken);

    /// <summary>One group (id and displayName); null when Graph answers 404.</summary>
    Task<GraphReferenceObject?> GetGroupAsync(GraphTenant tenant, string groupId, CancellationToken cancellationToken);

    /// <summary>Every assignment filter (<see cref="ReferenceKind.AssignmentFilter"/>) or scope tag (<see cref="ReferenceKind.ScopeTag"/>) of the tenant, full objects.</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(GraphTenant tenant, ReferenceKind kind, CancellationToken cancellationToken);
}
