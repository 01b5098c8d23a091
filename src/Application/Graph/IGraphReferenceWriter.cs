using System.Text.Json.Nodes;
using TenantAtlas.Application.Restores.References;

namespace TenantAtlas.Application.Graph;

/// <summary>Creates the objects policies refer to that a cross-tenant restore may create first: assignment filters and scope tags.</summary>
public interface IGraphReferenceWriter
{
    /// <summary>POSTs the object to its collection; answers the created object (with its new id).</summary>
    Task<JsonObject> CreateAsync(GraphTenant tenant, ReferenceKind kind, JsonObject payload, CancellationToken cancellationToken);
}
