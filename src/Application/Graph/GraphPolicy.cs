using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>A policy as read from Graph: the raw payload (with expanded navigation) and its assignments.</summary>
public sealed record GraphPolicy(string GraphId, JsonObject Payload, JsonArray Assignments);
