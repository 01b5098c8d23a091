using System.Text.Json.Nodes;
using TenantAtlas.GraphEmulator.Store;

namespace TenantAtlas.GraphEmulator.Http;

/// <summary>
/// What Intune refuses when assignment filters and scope tags are created (beside the collections' read-only
/// properties): both need a display name and a filter a known platform and a rule. The built-in Default scope tag (id 0) cannot be deleted.
/// </summary>
internal static class ReferenceObjectRules
{
    private static readonly HashSet<string> FilterPlatforms = new(StringComparer.Ordinal)
    {
        "android", "androidForWork", "iOS", "macOS", "windowsPhone81", "windows81AndLater", "windows10AndLater", "androidWorkProfile",
        "unknown", "androidAOSP", "androidMobileApplicationManagement", "iOSMobileApplicationManagement", "windowsMobileApplicationManagement",
    };

    /// <summary>Throws as Graph answers a create it refuses; call with the store's lock held.</summary>
    public static void CheckCreate(PolicyCollectionDescriptor d, JsonObject payload)
    {
        var isFilter = d == PolicyCollectionDescriptor.AssignmentFilters;
        if (!isFilter && d != PolicyCollectionDescriptor.RoleScopeTags)
        {
            return;
        }

        if (payload.ContainsKey("id"))
        {
            throw new GraphRequestException(400, "BadRequest", "Property 'id' is read-only and cannot be set on create.");
        }

        var name = StringOf(payload["displayName"]);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new GraphRequestException(400, "BadRequest", "Property 'displayName' is required.");
        }

        if (isFilter)
        {
            if (StringOf(payload["platform"]) is not { } platform || !FilterPlatforms.Contains(platform))
            {
                throw new GraphRequestException(400, "BadRequest", "Property 'platform' must be a known devicePlatformType.");
            }

            if (string.IsNullOrWhiteSpace(StringOf(payload["rule"])))
            {
                throw new GraphRequestException(400, "BadRequest", "Property 'rule' is required.");
            }
        }
    }

    /// <summary>Throws for the built-in Default scope tag, which Intune never deletes.</summary>
    public static void CheckDelete(PolicyCollectionDescriptor d, string id)
    {
        if (d == PolicyCollectionDescriptor.RoleScopeTags && id == EmulatorDirectory.BuiltInScopeTagId)
        {
            throw new GraphRequestException(400, "BadRequest", "The built-in scope tag cannot be deleted.");
        }
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
