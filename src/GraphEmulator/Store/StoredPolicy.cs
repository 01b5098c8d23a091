using System.Text.Json.Nodes;

namespace TenantAtlas.GraphEmulator.Store;

/// <summary>
/// One policy with its navigation properties kept apart from the entity body, as Graph does:
/// they only appear in a response when expanded. Only touched under the owning store's lock.
/// </summary>
internal sealed class StoredPolicy
{
    public required string Id { get; init; }

    public required JsonObject Body { get; set; }

    public JsonArray? Settings { get; set; }

    public JsonArray? ScheduledActions { get; set; }

    public JsonArray Assignments { get; set; } = [];

    /// <summary>Child collections (e.g. localizedNotificationMessages) by navigation name; items carry their own ids.</summary>
    public Dictionary<string, JsonArray> Children { get; } = new(StringComparer.OrdinalIgnoreCase);
}
