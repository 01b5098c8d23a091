using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// Graph writes. Payloads must already be prepared for writing (PolicyPayload.PrepareForWrite).
/// Preview work never receives this interface, and the read-only guard blocks it beneath anyway.
/// </summary>
public interface IGraphWriter
{
    /// <summary>Creates the object; returns Graph's response (with the new id).</summary>
    /// <param name="capturedGraphId">
    /// The id the object had when it was captured, or null: a type with a parent collection is created under the same
    /// parent when the tenant has it (<see cref="PolicyTypeDefinition.ParentCollection"/>).
    /// </param>
    Task<JsonObject> CreateAsync(GraphTenant tenant, PolicyTypeDefinition type, JsonObject payload, string? capturedGraphId, CancellationToken cancellationToken);

    /// <summary>Updates the object with the type's update method (PATCH, or PUT for the settings catalog).</summary>
    Task UpdateAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonObject payload, CancellationToken cancellationToken);

    /// <summary>Replaces the object's assignments through its assign action.</summary>
    Task AssignAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, JsonArray assignments, CancellationToken cancellationToken);

    Task DeleteAsync(GraphTenant tenant, PolicyTypeDefinition type, string graphId, CancellationToken cancellationToken);
}
