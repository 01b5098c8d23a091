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

    /// <summary>
    /// Device configurations: Wi-Fi profiles with a pre-shared key (iOS, macOS, Android, Windows), for which Graph returns
    /// preSharedKey as null; and any secret Graph flags as configured with a companion <c>{name}IsSet: true</c> while it
    /// answers <c>{name}</c> empty (Graph beta androidDeviceOwnerWiFiConfiguration, aospDeviceOwnerWiFiConfiguration:
    /// "preSharedKeyIsSet: when set to true, indicates that the pre-shared key is configured"). A property that merely
    /// ends in IsSet without a companion (managedAppProtection's disableAppPinIfDevicePinIsSet) is no such flag.
    /// </summary>
    public static IReadOnlyList<string> DeviceConfiguration(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var paths = new List<string>();
        foreach (var (name, value) in payload)
        {
            const string suffix = "IsSet";
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) &&
                value is JsonValue flag && flag.TryGetValue<bool>(out var isSet) && isSet)
            {
                var secret = name[..^suffix.Length];
                if (payload.ContainsKey(secret) && string.IsNullOrEmpty(Text(payload[secret])))
                {
                    paths.Add("$." + secret);
                }
            }
        }

        var odataType = Text(payload["@odata.type"]) ?? string.Empty;
        if (odataType.Contains("WiFiConfiguration", StringComparison.OrdinalIgnoreCase) ||
            odataType.Contains("WifiConfiguration", StringComparison.OrdinalIgnoreCase))
        {
            var security = Text(payload["wiFiSecurityType"]) ?? Text(payload["wifiSecurityType"]) ?? Text(payload["securityType"]);
            if (security is not null && PersonalWiFiSecurity.Contains(security) && string.IsNullOrEmpty(Text(payload["preSharedKey"])) &&
                !paths.Contains("$.preSharedKey"))
            {
                paths.Add("$.preSharedKey");
            }
        }

        return paths;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
