using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>One Graph request, whether it arrived over HTTP or inside a $batch.</summary>
/// <param name="RelativePath">Path after the version segment, without leading slash.</param>
/// <param name="Query">Raw query string, with or without leading '?'.</param>
/// <param name="ServiceRoot">Absolute URL up to and including the version, ending in '/'; nextLinks start with it.</param>
internal sealed record GraphCall(
    string Method,
    string RelativePath,
    string Query,
    JsonNode? Body,
    string ServiceRoot,
    string? ClientRequestId);
