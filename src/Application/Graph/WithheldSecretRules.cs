using System.Text.Json.Nodes;

namespace TenantAtlas.Application.Graph;

/// <summary>
/// Secrets Graph never returns for a type (PolicyTypeDefinition.WithheldSecrets): the value comes back null, so a
/// restore would write the profile without it. Each rule names the subtype, the condition under which the secret
/// must exist, and the property.
/// </summary>
public static class WithheldSecretRules
{
    private static readonly HashSet<string> PersonalWiFiSecurity = new(StringComparer.OrdinalIgnoreCase)
    {
        "wpaPersonal", "wpa2Personal", "wep", "wpa3Personal",
    };

    /// <summary>Wi-Fi profiles with a pre-shared key (iOS, macOS, Android, Windows): Graph returns preSharedKey as null.</summary>
    public static IReadOnlyList<string> DeviceConfiguration(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var paths = new List<string>();
        var odataType = Text(payload["@odata.type"]) ?? string.Empty;
        if (odataType.Contains("WiFiConfiguration", StringComparison.OrdinalIgnoreCase) ||
            odataType.Contains("WifiConfiguration", StringComparison.OrdinalIgnoreCase))
        {
            var security = Text(payload["wiFiSecurityType"]) ?? Text(payload["wifiSecurityType"]) ?? Text(payload["securityType"]);
            if (security is not null && PersonalWiFiSecurity.Contains(security) && string.IsNullOrEmpty(Text(payload["preSharedKey"])))
            {
                paths.Add("$.preSharedKey");
            }
        }

        return paths;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
