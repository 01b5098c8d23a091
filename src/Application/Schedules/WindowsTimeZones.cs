namespace TenantAtlas.Application.Schedules;

/// <summary>
/// Windows time zone ids of the CLDR mapping (001 territory) for the zones MSP customers use most, for hosts that run
/// with invariant globalization (no ICU), where .NET cannot convert Windows ids itself.
/// </summary>
internal static class WindowsTimeZones
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = "Etc/UTC",
        ["GMT Standard Time"] = "Europe/London",
        ["Greenwich Standard Time"] = "Atlantic/Reykjavik",
        ["W. Europe Standard Time"] = "Europe/Berlin",
        ["Central Europe Standard Time"] = "Europe/Budapest",
        ["Central European Standard Time"] = "Europe/Warsaw",
        ["Romance Standard Time"] = "Europe/Paris",
        ["E. Europe Standard Time"] = "Europe/Chisinau",
        ["FLE Standard Time"] = "Europe/Kiev",
        ["GTB Standard Time"] = "Europe/Bucharest",
        ["Russian Standard Time"] = "Europe/Moscow",
        ["Turkey Standard Time"] = "Europe/Istanbul",
        ["Israel Standard Time"] = "Asia/Jerusalem",
        ["South Africa Standard Time"] = "Africa/Johannesburg",
        ["Arabian Standard Time"] = "Asia/Dubai",
        ["India Standard Time"] = "Asia/Calcutta",
        ["China Standard Time"] = "Asia/Shanghai",
        ["Singapore Standard Time"] = "Asia/Singapore",
        ["Tokyo Standard Time"] = "Asia/Tokyo",
        ["Korea Standard Time"] = "Asia/Seoul",
        ["AUS Eastern Standard Time"] = "Australia/Sydney",
        ["E. Australia Standard Time"] = "Australia/Brisbane",
        ["W. Australia Standard Time"] = "Australia/Perth",
        ["New Zealand Standard Time"] = "Pacific/Auckland",
        ["Eastern Standard Time"] = "America/New_York",
        ["Central Standard Time"] = "America/Chicago",
        ["Mountain Standard Time"] = "America/Denver",
        ["US Mountain Standard Time"] = "America/Phoenix",
        ["Pacific Standard Time"] = "America/Los_Angeles",
        ["Alaskan Standard Time"] = "America/Anchorage",
        ["Hawaiian Standard Time"] = "Pacific/Honolulu",
        ["Atlantic Standard Time"] = "America/Halifax",
        ["Canada Central Standard Time"] = "America/Regina",
        ["Central Standard Time (Mexico)"] = "America/Mexico_City",
        ["E. South America Standard Time"] = "America/Sao_Paulo",
        ["Argentina Standard Time"] = "America/Buenos_Aires",
        ["SA Pacific Standard Time"] = "America/Bogota",
    };

    public static string? ToIana(string windowsId) => Map.GetValueOrDefault(windowsId);
}
